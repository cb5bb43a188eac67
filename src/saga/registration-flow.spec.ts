import { describe, expect, it } from '@jest/globals';
import { type Dispatch, RegistrationFlow } from './registration-flow.js';
import { STEP_NAMES, type Direction, type StepName } from './registration-steps.js';
import type { RetryPolicy } from './retry-policy.js';
import type { Saga } from './saga.entity.js';
import type { SagaStep } from './saga-step.entity.js';
import type { StepOutcome } from './step-outcome.js';

const POLICY: RetryPolicy = {
  stepMaxAttempts: 3,
  stepTimeoutMs: 30_000,
  compensationMaxAttempts: 5,
  compensationTimeoutMs: 60_000,
  retryBaseMs: 2_000,
  retryMaxMs: 60_000,
  leaseMs: 600_000,
};

const SAGA_ID = 'saga-1';
const EMAIL = 'ada@example.com';
const CREATED_AT = Date.UTC(2026, 0, 1);

/** What each module answers on success, by step and direction. */
const OUTPUT: Record<StepName, Partial<Record<Direction, Record<string, unknown>>>> = {
  'create-account': { forward: { userId: 'user-1' }, compensate: { userId: 'user-1' }, activate: { userId: 'user-1' } },
  'charge-payment': { forward: { transactionId: 'txn-1', amount: 99.99, currency: 'USD' }, compensate: { transactionId: 'txn-1', refundId: 're-1' } },
  'send-notification': { forward: { notificationId: 'ntf-1' }, compensate: { notificationId: 'ntf-1' } },
};

function newSaga(): Saga {
  return {
    id: SAGA_ID,
    type: 'user-registration',
    status: 'RUNNING',
    email: EMAIL,
    name: 'Ada Lovelace',
    amountCents: 9_999,
    currency: 'USD',
    paymentMethod: 'pm_card_visa',
    emailLock: EMAIL,
    idempotencyKey: null,
    requestHash: null,
    userId: null,
    transactionId: null,
    notificationId: null,
    incidentId: null,
    phase: 'forward',
    stepIndex: 0,
    awaiting: null,
    wakeAt: null,
    deadlineAt: null,
    owner: null,
    attemptSentAt: null,
    activationAttempts: 0,
    historySeq: 0,
    createdAt: CREATED_AT,
    updatedAt: CREATED_AT,
    finishedAt: null,
  };
}

function newSteps(): SagaStep[] {
  return STEP_NAMES.map((name, position) => ({
    sagaId: SAGA_ID,
    position,
    name,
    status: 'PENDING',
    attempts: 0,
    compensationAttempts: 0,
    output: null,
    error: null,
    startedAt: null,
    finishedAt: null,
  }));
}

function outcome(to: Dispatch, succeeded: boolean, failure: { retryable?: boolean; error?: string } = {}): StepOutcome {
  return {
    sagaId: SAGA_ID,
    attempt: to.attempt,
    step: to.step,
    direction: to.direction,
    event: `${to.step}:${to.direction}:${succeeded ? 'ok' : 'failed'}`,
    succeeded,
    retryable: succeeded ? false : (failure.retryable ?? true),
    error: succeeded ? null : (failure.error ?? 'provider unavailable'),
    output: succeeded ? (OUTPUT[to.step][to.direction] ?? null) : null,
  };
}

/**
 * One saga's rows, driven the way SagaRunner does it: a fresh RegistrationFlow per decision over
 * the same saga and steps, each one a little later. Jitter is off (random() = 0).
 */
class Registration {
  constructor(private readonly policy: RetryPolicy = POLICY) {}

  readonly saga = newSaga();
  readonly steps = newSteps();
  /** Every command the saga asked for, in order. */
  readonly sent: Dispatch[] = [];
  now = CREATED_AT;

  decide(act: (flow: RegistrationFlow) => void, at = this.now + 1_000): RegistrationFlow {
    this.now = at;
    const flow = new RegistrationFlow(this.saga, this.steps, this.policy, this.now, () => 0);
    act(flow);
    if (flow.dispatch) this.sent.push(flow.dispatch);
    return flow;
  }

  step(name: StepName): SagaStep {
    return this.steps.find((s) => s.name === name)!;
  }

  get lastSent(): Dispatch {
    return this.sent[this.sent.length - 1];
  }

  start(): RegistrationFlow {
    return this.decide((flow) => flow.start(), this.now);
  }

  /** Applies an answer; `accepted` is what applyOutcome returned. */
  answer(result: StepOutcome): { flow: RegistrationFlow; accepted: boolean } {
    let accepted = false;
    const flow = this.decide((f) => {
      accepted = f.applyOutcome(result);
    });
    return { flow, accepted };
  }

  /** The outstanding command succeeds. */
  succeed(to: Dispatch = this.lastSent): RegistrationFlow {
    return this.answer(outcome(to, true)).flow;
  }

  /** The outstanding command fails (transiently unless told otherwise). */
  fail(failure: { retryable?: boolean; error?: string } = {}, to: Dispatch = this.lastSent): RegistrationFlow {
    return this.answer(outcome(to, false, failure)).flow;
  }

  /** The scheduler's wake-up exactly when the saga's timer is due. */
  wakeWhenDue(): RegistrationFlow {
    expect(this.saga.wakeAt).not.toBeNull();
    return this.decide((flow) => flow.wake(), this.saga.wakeAt!);
  }

  /** Fails the outstanding command transiently and sends the retry, `times` times. */
  failAndRetry(times: number): void {
    for (let i = 0; i < times; i++) {
      this.fail();
      this.wakeWhenDue();
    }
  }

  /** Runs the three forward steps to success; activation is then out. */
  runForwardSteps(): void {
    this.start();
    for (let i = 0; i < STEP_NAMES.length; i++) this.succeed();
  }

  sentAsText(): string[] {
    return this.sent.map((d) => `${d.step} ${d.direction} #${d.attempt}`);
  }
}

const historyTypes = (flow: RegistrationFlow) => flow.history.map((h) => h.type);
const statuses = (r: Registration) => r.steps.map((s) => s.status);

describe('RegistrationFlow', () => {
  describe('start', () => {
    it('dispatches create-account attempt 1 and awaits its result until the step timeout', () => {
      const r = new Registration();
      const flow = r.start();

      expect(flow.dispatch).toEqual({ step: 'create-account', direction: 'forward', attempt: 1 });
      expect(r.step('create-account')).toMatchObject({ status: 'RUNNING', attempts: 1, startedAt: CREATED_AT });
      expect(statuses(r)).toEqual(['RUNNING', 'PENDING', 'PENDING']);
      expect(r.saga).toMatchObject({ status: 'RUNNING', phase: 'forward', stepIndex: 0, awaiting: 'result', wakeAt: CREATED_AT + POLICY.stepTimeoutMs });
      expect(historyTypes(flow)).toEqual(['SagaStarted', 'StepStarted']);
      expect(flow.justFinished).toBe(false);
    });
  });

  describe('when every step succeeds', () => {
    it('runs the steps in order, then activates the account, then completes', () => {
      const r = new Registration();
      r.start();

      const afterAccount = r.succeed();
      expect(afterAccount.dispatch).toEqual({ step: 'charge-payment', direction: 'forward', attempt: 1 });
      expect(r.saga.userId).toBe('user-1');
      expect(r.step('create-account')).toMatchObject({ status: 'SUCCEEDED', output: { userId: 'user-1' }, finishedAt: r.now });

      r.succeed();
      expect(r.saga.transactionId).toBe('txn-1');
      expect(r.lastSent).toEqual({ step: 'send-notification', direction: 'forward', attempt: 1 });

      const afterEmail = r.succeed();
      expect(afterEmail.dispatch).toEqual({ step: 'create-account', direction: 'activate', attempt: 1 });
      expect(r.saga).toMatchObject({ status: 'RUNNING', phase: 'activate', awaiting: 'result', notificationId: 'ntf-1' });
      expect(afterEmail.justFinished).toBe(false);

      const activated = r.succeed();
      expect(activated.dispatch).toBeNull();
      expect(activated.justFinished).toBe(true);
      expect(historyTypes(activated)).toContain('SagaCompleted');
      expect(r.saga).toMatchObject({ status: 'COMPLETED', awaiting: null, wakeAt: null, finishedAt: r.now, activationAttempts: 1 });
      expect(statuses(r)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
      expect(r.sentAsText()).toEqual([
        'create-account forward #1',
        'charge-payment forward #1',
        'send-notification forward #1',
        'create-account activate #1',
      ]);
    });

    it('keeps the e-mail lock on COMPLETED: the account is live', () => {
      const r = new Registration();
      r.runForwardSteps();
      r.succeed();

      expect(r.saga.status).toBe('COMPLETED');
      expect(r.saga.emailLock).toBe(EMAIL);
    });
  });

  describe('a business failure', () => {
    it('fails the step at once, without a retry, and starts compensating', () => {
      const r = new Registration();
      r.start();
      r.succeed();

      const declined = r.fail({ retryable: false, error: 'PAYMENT.DECLINED: card_declined' });

      expect(r.step('charge-payment')).toMatchObject({ status: 'FAILED', attempts: 1, error: 'PAYMENT.DECLINED: card_declined', finishedAt: r.now });
      expect(historyTypes(declined)).not.toContain('RetryScheduled');
      expect(historyTypes(declined)).toEqual(expect.arrayContaining(['StepFailed', 'CompensationTriggered', 'CompensationStarted']));
      expect(r.saga).toMatchObject({ status: 'COMPENSATING', phase: 'compensate', stepIndex: 0, awaiting: 'result' });
      expect(declined.dispatch).toEqual({ step: 'create-account', direction: 'compensate', attempt: 1 });
    });

    it('compensates only the steps that succeeded, newest first (refund before delete), and never the failed one', () => {
      const r = new Registration();
      r.start();
      r.succeed();
      r.succeed();

      const failed = r.fail({ retryable: false, error: 'mailbox does not exist' });
      const triggered = failed.history.find((h) => h.type === 'CompensationTriggered');
      expect(triggered?.data.order).toEqual(['charge-payment', 'create-account']);

      r.succeed();
      const rolledBack = r.succeed();

      expect(r.sentAsText()).toEqual([
        'create-account forward #1',
        'charge-payment forward #1',
        'send-notification forward #1',
        'charge-payment compensate #1',
        'create-account compensate #1',
      ]);
      expect(statuses(r)).toEqual(['COMPENSATED', 'COMPENSATED', 'FAILED']);
      expect(r.step('send-notification').compensationAttempts).toBe(0);
      expect(rolledBack.justFinished).toBe(true);
      expect(rolledBack.dispatch).toBeNull();
      expect(r.saga).toMatchObject({ status: 'ROLLED_BACK', awaiting: null, wakeAt: null, finishedAt: r.now });
    });

    it('rolls back at once when the first step fails: nothing to compensate', () => {
      const r = new Registration();
      r.start();

      const failed = r.fail({ retryable: false, error: 'e-mail taken' });

      expect(failed.dispatch).toBeNull();
      expect(failed.justFinished).toBe(true);
      expect(statuses(r)).toEqual(['FAILED', 'PENDING', 'PENDING']);
      expect(r.saga.status).toBe('ROLLED_BACK');
    });

    it('releases the e-mail lock on ROLLED_BACK', () => {
      const r = new Registration();
      r.start();
      r.succeed();
      r.fail({ retryable: false });
      r.succeed();

      expect(r.saga.status).toBe('ROLLED_BACK');
      expect(r.saga.emailLock).toBeNull();
      expect(r.saga.userId).toBe('user-1');
    });
  });

  describe('transient failures', () => {
    it('schedules a retry after base * 2^(n-1) and sends the next attempt when it is due', () => {
      const r = new Registration();
      r.start();
      r.succeed();

      const firstFailure = r.fail({ error: 'gateway timeout' });
      expect(firstFailure.dispatch).toBeNull();
      expect(r.saga).toMatchObject({ awaiting: 'retry', wakeAt: r.now + 2_000, status: 'RUNNING' });
      expect(r.step('charge-payment')).toMatchObject({ status: 'RUNNING', attempts: 1, error: 'gateway timeout' });
      expect(firstFailure.history.find((h) => h.type === 'RetryScheduled')?.data).toMatchObject({ failedAttempt: 1, nextAttempt: 2, delayMs: 2_000 });

      const retry = r.wakeWhenDue();
      expect(retry.dispatch).toEqual({ step: 'charge-payment', direction: 'forward', attempt: 2 });
      expect(r.saga).toMatchObject({ awaiting: 'result', wakeAt: r.now + POLICY.stepTimeoutMs });
      expect(r.step('charge-payment').attempts).toBe(2);

      r.fail();
      expect(r.saga).toMatchObject({ awaiting: 'retry', wakeAt: r.now + 4_000 });
    });

    it('does not send a retry before it is due', () => {
      const r = new Registration();
      r.start();
      r.fail();
      const dueAt = r.saga.wakeAt!;

      const early = r.decide((flow) => flow.wake(), dueAt - 1);

      expect(early.dispatch).toBeNull();
      expect(early.history).toEqual([]);
      expect(r.step('create-account').attempts).toBe(1);
      expect(r.saga).toMatchObject({ awaiting: 'retry', wakeAt: dueAt });
    });

    it('fails the step after SAGA_STEP_MAX_ATTEMPTS and begins compensation', () => {
      const r = new Registration();
      r.start();
      r.succeed();
      r.failAndRetry(POLICY.stepMaxAttempts - 1);
      expect(r.step('charge-payment').attempts).toBe(POLICY.stepMaxAttempts);

      const last = r.fail({ error: 'gateway timeout' });

      expect(historyTypes(last)).not.toContain('RetryScheduled');
      expect(last.history.find((h) => h.type === 'StepFailed')?.data).toMatchObject({ attempts: 3, retryable: true });
      expect(r.step('charge-payment')).toMatchObject({ status: 'FAILED', attempts: 3, compensationAttempts: 0 });
      expect(r.saga.status).toBe('COMPENSATING');
      expect(last.dispatch).toEqual({ step: 'create-account', direction: 'compensate', attempt: 1 });
    });

    it('retries a failed activation, and compensates every step in reverse order once it is given up', () => {
      const r = new Registration();
      r.runForwardSteps();
      r.failAndRetry(POLICY.stepMaxAttempts - 1);
      expect(r.saga.activationAttempts).toBe(3);

      const givenUp = r.fail();

      expect(historyTypes(givenUp)).toContain('ActivationFailed');
      expect(givenUp.dispatch).toEqual({ step: 'send-notification', direction: 'compensate', attempt: 1 });
      r.succeed();
      r.succeed();
      r.succeed();
      expect(r.sent.slice(-3).map((d) => `${d.step} ${d.direction}`)).toEqual([
        'send-notification compensate',
        'charge-payment compensate',
        'create-account compensate',
      ]);
      expect(statuses(r)).toEqual(['COMPENSATED', 'COMPENSATED', 'COMPENSATED']);
      expect(r.saga).toMatchObject({ status: 'ROLLED_BACK', emailLock: null });
    });
  });

  describe('step errors', () => {
    it('shows the last error while a step retries and clears it once the step succeeds', () => {
      const r = new Registration();
      r.start();
      r.fail({ error: 'user store unavailable' });
      expect(r.step('create-account').error).toBe('user store unavailable');
      r.wakeWhenDue();
      r.succeed();
      expect(r.step('create-account')).toMatchObject({ status: 'SUCCEEDED', attempts: 2, error: null });
    });

    it('clears a compensation error once the compensation succeeds', () => {
      const r = new Registration();
      r.start();
      r.succeed();
      r.fail({ retryable: false, error: 'declined' });
      r.fail({ error: 'user store unavailable' });
      expect(r.step('create-account').error).toBe('user store unavailable');
      r.wakeWhenDue();
      r.succeed();
      expect(r.step('create-account')).toMatchObject({ status: 'COMPENSATED', compensationAttempts: 2, error: null });
    });
  });

  describe('timeouts', () => {
    it('counts an expired result deadline as a transient failure and retries', () => {
      const r = new Registration();
      r.start();
      expect(r.saga.wakeAt).toBe(CREATED_AT + POLICY.stepTimeoutMs);

      const timedOut = r.wakeWhenDue();

      expect(timedOut.history[0]).toEqual({ type: 'AttemptTimedOut', step: 'create-account', data: { attempt: 1, direction: 'forward', timeoutMs: POLICY.stepTimeoutMs } });
      expect(historyTypes(timedOut)).toContain('RetryScheduled');
      expect(timedOut.dispatch).toBeNull();
      expect(r.saga).toMatchObject({ awaiting: 'retry', wakeAt: r.now + 2_000 });
      expect(r.step('create-account').error).toBe('timed out after 30000 ms');

      expect(r.wakeWhenDue().dispatch).toEqual({ step: 'create-account', direction: 'forward', attempt: 2 });
    });

    it('does nothing before the deadline', () => {
      const r = new Registration();
      r.start();

      const early = r.decide((flow) => flow.wake(), r.saga.wakeAt! - 1);

      expect(early.history).toEqual([]);
      expect(r.saga.awaiting).toBe('result');
    });

    it('gives compensation attempts the compensation timeout', () => {
      const r = new Registration();
      r.start();
      r.succeed();
      r.fail({ retryable: false });
      expect(r.saga).toMatchObject({ phase: 'compensate', wakeAt: r.now + POLICY.compensationTimeoutMs });

      const timedOut = r.wakeWhenDue();
      expect(timedOut.history[0].data).toEqual({ attempt: 1, direction: 'compensate', timeoutMs: POLICY.compensationTimeoutMs });
      expect(r.saga.awaiting).toBe('retry');
    });

    it('fails the step when its last attempt times out', () => {
      const r = new Registration();
      r.start();
      for (let attempt = 1; attempt < POLICY.stepMaxAttempts; attempt++) {
        r.wakeWhenDue();
        r.wakeWhenDue();
      }
      expect(r.step('create-account').attempts).toBe(POLICY.stepMaxAttempts);

      const last = r.wakeWhenDue();

      expect(historyTypes(last)).toEqual(expect.arrayContaining(['AttemptTimedOut', 'StepFailed']));
      expect(r.step('create-account').status).toBe('FAILED');
      expect(r.saga.status).toBe('ROLLED_BACK');
    });
  });

  describe('leases', () => {
    const SHORT_LEASE = { ...POLICY, leaseMs: 5_000 };

    it('wakes the saga when the lease lapses, before the deadline', () => {
      const r = new Registration(SHORT_LEASE);
      r.start();
      expect(r.saga).toMatchObject({ wakeAt: r.now + 5_000, deadlineAt: r.now + POLICY.stepTimeoutMs });
    });

    it('sends the same attempt again when only the lease lapsed (its sender died)', () => {
      const r = new Registration(SHORT_LEASE);
      r.start();
      const taken = r.wakeWhenDue();
      expect(historyTypes(taken)).toEqual(['AttemptRedelivered']);
      expect(taken.dispatch).toEqual({ step: 'create-account', direction: 'forward', attempt: 1 });
      expect(r.step('create-account').attempts).toBe(1);
    });

    it('times the attempt out once its deadline has passed, lease or not', () => {
      const r = new Registration(SHORT_LEASE);
      r.start();
      const timedOut = r.decide((flow) => flow.wake(), r.saga.deadlineAt!);
      expect(historyTypes(timedOut)).toEqual(['AttemptTimedOut', 'RetryScheduled']);
      expect(r.saga).toMatchObject({ awaiting: 'retry', deadlineAt: null });
    });
  });

  describe('compensation failures', () => {
    /** create-account and charge-payment succeeded, send-notification was declined: the refund is out. */
    function refunding(): Registration {
      const r = new Registration();
      r.start();
      r.succeed();
      r.succeed();
      r.fail({ retryable: false });
      expect(r.lastSent).toEqual({ step: 'charge-payment', direction: 'compensate', attempt: 1 });
      return r;
    }

    it('retries a failed compensation with backoff up to SAGA_COMPENSATION_MAX_ATTEMPTS', () => {
      const r = refunding();

      for (let n = 1; n < POLICY.compensationMaxAttempts; n++) {
        r.fail({ error: 'refund service down' });
        expect(r.saga).toMatchObject({ status: 'COMPENSATING', awaiting: 'retry', wakeAt: r.now + 2_000 * 2 ** (n - 1) });
        expect(r.wakeWhenDue().dispatch).toEqual({ step: 'charge-payment', direction: 'compensate', attempt: n + 1 });
      }
      expect(r.step('charge-payment').compensationAttempts).toBe(POLICY.compensationMaxAttempts);
    });

    it('gives the compensation up after the last attempt, still runs the others, and ends PARTIALLY_ROLLED_BACK', () => {
      const r = refunding();
      r.failAndRetry(POLICY.compensationMaxAttempts - 1);

      const givenUp = r.fail({ error: 'refund service down' });

      expect(givenUp.history.find((h) => h.type === 'CompensationGivenUp')).toMatchObject({ step: 'charge-payment', data: { attempts: 5 } });
      expect(r.step('charge-payment')).toMatchObject({ status: 'COMPENSATION_FAILED', compensationAttempts: 5, error: 'refund service down' });
      expect(givenUp.dispatch).toEqual({ step: 'create-account', direction: 'compensate', attempt: 1 });

      const end = r.succeed();

      expect(end.justFinished).toBe(true);
      expect(historyTypes(end)).toContain('SagaPartiallyRolledBack');
      expect(statuses(r)).toEqual(['COMPENSATED', 'COMPENSATION_FAILED', 'FAILED']);
      expect(r.saga).toMatchObject({ status: 'PARTIALLY_ROLLED_BACK', awaiting: null, wakeAt: null });
      // The account is deleted, so the e-mail may register again.
      expect(r.saga.emailLock).toBeNull();
    });

    it('keeps the e-mail lock when the account could not be deleted', () => {
      const r = new Registration();
      r.start();
      r.succeed();
      r.fail({ retryable: false });
      r.failAndRetry(POLICY.compensationMaxAttempts - 1);

      r.fail();

      expect(r.step('create-account').status).toBe('COMPENSATION_FAILED');
      expect(r.saga.status).toBe('PARTIALLY_ROLLED_BACK');
      expect(r.saga.emailLock).toBe(EMAIL);
    });
  });

  describe('late and stale results', () => {
    it('ignores a failure for an attempt that is no longer current', () => {
      const r = new Registration();
      r.start();
      const first = r.lastSent;
      r.failAndRetry(1);
      const before = { saga: { ...r.saga }, step: { ...r.step('create-account') } };

      const { flow, accepted } = r.answer(outcome(first, false));

      expect(accepted).toBe(false);
      expect(flow.history).toEqual([
        { type: 'LateResultIgnored', step: 'create-account', data: expect.objectContaining({ attempt: 1, reason: 'attempt 1 is no longer current' }) },
      ]);
      expect(flow.dispatch).toBeNull();
      expect(r.saga).toEqual(before.saga);
      expect(r.step('create-account')).toEqual(before.step);
    });

    it('ignores a failure of an attempt that already timed out', () => {
      const r = new Registration();
      r.start();
      const first = r.lastSent;
      r.wakeWhenDue();
      const retryAt = r.saga.wakeAt;

      const { accepted } = r.answer(outcome(first, false));

      expect(accepted).toBe(false);
      expect(r.saga).toMatchObject({ awaiting: 'retry', wakeAt: retryAt });
      expect(r.step('create-account').attempts).toBe(1);
    });

    it('accepts a success from an older attempt of the current step, once', () => {
      const r = new Registration();
      r.start();
      const first = r.lastSent;
      r.failAndRetry(1);
      const second = r.lastSent;
      expect(second.attempt).toBe(2);

      const late = r.answer(outcome(first, true));
      expect(late.accepted).toBe(true);
      expect(r.step('create-account').status).toBe('SUCCEEDED');
      expect(late.flow.dispatch).toEqual({ step: 'charge-payment', direction: 'forward', attempt: 1 });

      const duplicate = r.answer(outcome(second, true));
      expect(duplicate.accepted).toBe(false);
      expect(historyTypes(duplicate.flow)).toEqual(['LateResultIgnored']);
      expect(duplicate.flow.history[0].data.reason).toBe('saga has moved on');
      expect(duplicate.flow.dispatch).toBeNull();
      expect(r.step('charge-payment').attempts).toBe(1);
    });

    it('accepts a success that arrives while the retry is waiting', () => {
      const r = new Registration();
      r.start();
      r.fail();
      expect(r.saga.awaiting).toBe('retry');

      const { accepted, flow } = r.answer(outcome({ step: 'create-account', direction: 'forward', attempt: 1 }, true));

      expect(accepted).toBe(true);
      expect(flow.dispatch).toEqual({ step: 'charge-payment', direction: 'forward', attempt: 1 });
    });

    it('ignores any result for a step the saga has moved on from', () => {
      const r = new Registration();
      r.start();
      const accountAttempt = r.lastSent;
      r.succeed();

      const lateFailure = r.answer(outcome(accountAttempt, false));
      expect(lateFailure.accepted).toBe(false);
      expect(lateFailure.flow.history[0].data.reason).toBe('saga has moved on');
      expect(r.step('create-account').status).toBe('SUCCEEDED');
      expect(r.saga).toMatchObject({ phase: 'forward', stepIndex: 1, status: 'RUNNING' });
    });

    it('undoes a step that succeeded after it was given up, once the rollback under way reaches it', () => {
      const r = new Registration();
      r.start();
      r.succeed();
      r.failAndRetry(2);
      const lastCharge = r.lastSent;
      r.fail();
      expect(r.step('charge-payment').status).toBe('FAILED');
      expect(r.lastSent).toMatchObject({ step: 'create-account', direction: 'compensate' });

      const late = r.answer(outcome(lastCharge, true));
      expect(late.accepted).toBe(true);
      expect(historyTypes(late.flow)).toEqual(['LateSuccessAfterGiveUp']);
      expect(late.flow.dispatch).toBeNull();
      expect(r.saga.transactionId).toBe('txn-1');

      r.succeed();
      expect(r.lastSent).toEqual({ step: 'charge-payment', direction: 'compensate', attempt: 1 });
      r.succeed();
      expect(r.saga.status).toBe('ROLLED_BACK');
      expect(statuses(r)).toEqual(['COMPENSATED', 'COMPENSATED', 'PENDING']);
    });

    it('reopens a rolled-back saga to refund a charge that succeeded late', () => {
      const r = new Registration();
      r.start();
      r.succeed();
      r.failAndRetry(2);
      const lastCharge = r.lastSent;
      r.fail();
      r.succeed();
      expect(r.saga.status).toBe('ROLLED_BACK');

      const late = r.answer(outcome(lastCharge, true));
      expect(late.accepted).toBe(true);
      expect(r.saga).toMatchObject({ status: 'COMPENSATING', finishedAt: null, awaiting: 'result' });
      expect(late.flow.dispatch).toEqual({ step: 'charge-payment', direction: 'compensate', attempt: 1 });

      const refunded = r.succeed();
      expect(refunded.justFinished).toBe(true);
      expect(r.saga.status).toBe('ROLLED_BACK');
      expect(r.step('charge-payment').status).toBe('COMPENSATED');
    });

    it('ignores any result once the saga has finished', () => {
      const r = new Registration();
      r.runForwardSteps();
      const activation = r.lastSent;
      r.succeed();
      const finishedAt = r.saga.finishedAt;

      const again = r.answer(outcome(activation, true));
      const failure = r.answer(outcome(activation, false));

      expect([again.accepted, failure.accepted]).toEqual([false, false]);
      expect(again.flow.history[0].data.reason).toBe('saga already COMPLETED');
      expect(again.flow.justFinished).toBe(false);
      expect(failure.flow.dispatch).toBeNull();
      expect(r.saga).toMatchObject({ status: 'COMPLETED', finishedAt });
    });
  });

  describe('redeliver', () => {
    it('sends the outstanding attempt again, unchanged, with a new deadline', () => {
      const r = new Registration();
      r.start();
      r.succeed();

      const redelivered = r.decide((flow) => flow.redeliver(), r.now + 5_000);

      expect(redelivered.dispatch).toEqual({ step: 'charge-payment', direction: 'forward', attempt: 1 });
      expect(r.step('charge-payment').attempts).toBe(1);
      expect(r.saga).toMatchObject({ awaiting: 'result', wakeAt: r.now + POLICY.stepTimeoutMs });
      expect(redelivered.history).toEqual([{ type: 'AttemptRedelivered', step: 'charge-payment', data: { attempt: 1 } }]);
    });

    it('redelivers a compensation without spending a compensation attempt', () => {
      const r = new Registration();
      r.start();
      r.succeed();
      r.fail({ retryable: false });

      const redelivered = r.decide((flow) => flow.redeliver());

      expect(redelivered.dispatch).toEqual({ step: 'create-account', direction: 'compensate', attempt: 1 });
      expect(r.step('create-account').compensationAttempts).toBe(1);
      expect(r.saga.wakeAt).toBe(r.now + POLICY.compensationTimeoutMs);
    });

    it('does nothing while a retry is waiting or after the saga finished', () => {
      const r = new Registration();
      r.start();
      r.fail();
      const waiting = r.decide((flow) => flow.redeliver());
      expect(waiting.dispatch).toBeNull();
      expect(waiting.history).toEqual([]);

      const done = new Registration();
      done.runForwardSteps();
      done.succeed();
      const finished = done.decide((flow) => flow.redeliver());
      expect(finished.dispatch).toBeNull();
      expect(finished.history).toEqual([]);
    });
  });

  describe('retryCompensations', () => {
    it('re-runs a given-up refund with a fresh budget and ends ROLLED_BACK when it succeeds', () => {
      const r = new Registration();
      r.start();
      r.succeed();
      r.succeed();
      r.fail({ retryable: false });
      r.failAndRetry(POLICY.compensationMaxAttempts - 1);
      r.fail();
      r.succeed();
      expect(r.saga.status).toBe('PARTIALLY_ROLLED_BACK');

      const retried = r.decide((flow) => flow.retryCompensations('ops-anna'), r.now + 3_600_000);

      expect(retried.history.find((h) => h.type === 'CompensationRetryRequested')?.data).toEqual({ steps: ['charge-payment'], actor: 'ops-anna' });
      expect(retried.dispatch).toEqual({ step: 'charge-payment', direction: 'compensate', attempt: 1 });
      expect(r.step('charge-payment')).toMatchObject({ status: 'COMPENSATING', compensationAttempts: 1 });
      expect(r.saga).toMatchObject({ status: 'COMPENSATING', finishedAt: null, awaiting: 'result' });

      const end = r.succeed();

      expect(end.justFinished).toBe(true);
      expect(end.dispatch).toBeNull();
      expect(statuses(r)).toEqual(['COMPENSATED', 'COMPENSATED', 'FAILED']);
      expect(r.step('create-account').compensationAttempts).toBe(1);
      expect(r.saga).toMatchObject({ status: 'ROLLED_BACK', finishedAt: r.now, emailLock: null });
    });

    it('releases the e-mail lock once a given-up account deletion finally succeeds', () => {
      const r = new Registration();
      r.start();
      r.succeed();
      r.fail({ retryable: false });
      r.failAndRetry(POLICY.compensationMaxAttempts - 1);
      r.fail();
      expect(r.saga).toMatchObject({ status: 'PARTIALLY_ROLLED_BACK', emailLock: EMAIL });

      r.decide((flow) => flow.retryCompensations('ops-anna'));
      expect(r.lastSent).toEqual({ step: 'create-account', direction: 'compensate', attempt: 1 });
      r.succeed();

      expect(r.step('create-account').status).toBe('COMPENSATED');
      expect(r.saga).toMatchObject({ status: 'ROLLED_BACK', emailLock: null });
    });
  });
});
