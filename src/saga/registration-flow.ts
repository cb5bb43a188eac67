import { STEP_NAMES, type Direction, type StepName } from './registration-steps.js';
import { attemptTimeoutMs, backoffMs, maxAttempts, type RetryPolicy } from './retry-policy.js';
import { isFinal, type Saga, type SagaStatus } from './saga.entity.js';
import type { SagaStep } from './saga-step.entity.js';
import type { StepOutcome } from './step-outcome.js';

export interface HistoryEntry {
  type: string;
  step: StepName | null;
  data: Record<string, unknown>;
}

/** A command the saga wants sent once its new state is committed. */
export interface Dispatch {
  step: StepName;
  direction: Direction;
  attempt: number;
}

const LAST = STEP_NAMES.length - 1;

/**
 * The registration saga's decisions, as a pure state machine over one saga row and its steps.
 *
 * The saga's handlers load the rows, call one of the public methods, and commit what it changed
 * together with `history`; `dispatch` (at most one) is sent after the commit. Nothing here does
 * I/O, so every decision is unit-tested without a database and replays the same after a crash.
 *
 * At any time at most one action is out: a forward step, a compensation, or the final
 * activation. `saga.awaiting` says whether its result is awaited or a retry is waiting.
 * `wakeAt` is when someone must look at the saga again: when the retry is due, or, for an
 * attempt that is out, the earlier of its deadline and the end of the sender's lease (the
 * sender renews the lease while it lives; once it lapses, any instance takes the attempt over).
 */
export class RegistrationFlow {
  readonly history: HistoryEntry[] = [];
  dispatch: Dispatch | null = null;
  /** True when this decision ended the saga. */
  justFinished = false;

  constructor(
    readonly saga: Saga,
    readonly steps: SagaStep[],
    private readonly policy: RetryPolicy,
    private readonly now: number,
    private readonly random: () => number = Math.random,
  ) {}

  get finished(): boolean {
    return isFinal(this.saga.status);
  }

  start(): void {
    this.record('SagaStarted', null, { steps: [...STEP_NAMES] });
    this.send('forward', 0);
  }

  /** Applies a module's answer; returns false when it no longer matters (late or stale). */
  applyOutcome(outcome: StepOutcome): boolean {
    if (this.isLateSuccessOfGivenUpStep(outcome)) {
      this.compensateLateSuccess(outcome);
      return true;
    }
    const stale = this.staleReason(outcome);
    if (stale) {
      this.record('LateResultIgnored', outcome.step, { event: outcome.event, attempt: outcome.attempt, reason: stale });
      return false;
    }
    this.record(outcome.event, outcome.step, {
      attempt: outcome.attempt,
      direction: outcome.direction,
      durationMs: this.now - (this.saga.attemptSentAt ?? this.now),
      ...(outcome.output ?? {}),
      ...(outcome.succeeded ? {} : { error: outcome.error, retryable: outcome.retryable }),
    });
    if (outcome.succeeded) this.succeed(outcome);
    else this.failAttempt(outcome.error ?? 'failed', outcome.retryable);
    return true;
  }

  /**
   * The scheduler's call once `wakeAt` has passed: send the retry, time the attempt out, or,
   * when only the sender's lease has lapsed (it died), send the attempt again.
   */
  wake(): void {
    if (this.finished || this.saga.wakeAt === null || this.saga.wakeAt > this.now) return;
    if (this.saga.awaiting === 'retry') {
      this.send(this.saga.phase, this.saga.stepIndex);
      return;
    }
    if (this.saga.deadlineAt !== null && this.now < this.saga.deadlineAt) {
      this.redeliver();
      return;
    }
    const timeoutMs = attemptTimeoutMs(this.policy, this.saga.phase);
    this.record('AttemptTimedOut', this.currentStepName(), { attempt: this.currentAttempt(), direction: this.saga.phase, timeoutMs });
    this.failAttempt(`timed out after ${timeoutMs} ms`, true);
  }

  /**
   * Sends the outstanding attempt again, unchanged, after the process that sent it died. The
   * module and provider see the same idempotency key, so a redelivery never repeats an effect.
   */
  redeliver(): void {
    if (this.finished || this.saga.awaiting !== 'result') return;
    const attempt = this.currentAttempt();
    this.record('AttemptRedelivered', this.currentStepName(), { attempt });
    this.awaitResult(this.saga.phase);
    this.dispatch = { step: this.currentStepName(), direction: this.saga.phase, attempt };
  }

  /** Runs the given-up compensations of a partially rolled back saga again, with a fresh budget. */
  retryCompensations(actor: string): void {
    const givenUp = this.steps.filter((s) => s.status === 'COMPENSATION_FAILED');
    for (const step of givenUp) {
      step.status = 'SUCCEEDED';
      step.compensationAttempts = 0;
    }
    this.saga.finishedAt = null;
    this.saga.status = 'COMPENSATING';
    this.record('CompensationRetryRequested', null, { steps: givenUp.map((s) => s.name), actor });
    this.compensateNext();
  }

  /**
   * A forward step given up after timeouts may still have taken effect: the provider answered
   * after we stopped waiting. Its effect is real, so it is compensated like any other, even if
   * that reopens a saga that had finished rolling back.
   */
  private isLateSuccessOfGivenUpStep(outcome: StepOutcome): boolean {
    const step = this.steps.find((s) => s.name === outcome.step);
    return outcome.succeeded && outcome.direction === 'forward' && step?.status === 'FAILED';
  }

  private compensateLateSuccess(outcome: StepOutcome): void {
    const step = this.steps.find((s) => s.name === outcome.step)!;
    step.status = 'SUCCEEDED';
    step.output = outcome.output;
    this.keepIds(outcome.output);
    this.record('LateSuccessAfterGiveUp', step.name, { event: outcome.event, attempt: outcome.attempt, ...(outcome.output ?? {}) });
    if (this.saga.awaiting !== null) return; // the compensation under way will reach it
    this.saga.status = 'COMPENSATING';
    this.saga.finishedAt = null;
    this.compensateNext();
  }

  private staleReason(outcome: StepOutcome): string | null {
    if (this.finished) return `saga already ${this.saga.status}`;
    if (this.saga.awaiting === null) return 'nothing outstanding';
    if (outcome.direction !== this.saga.phase || outcome.step !== this.currentStepName()) return 'saga has moved on';
    // A success is the step's single effect whichever attempt reports it (same idempotency key);
    // a failure only counts for the attempt that is still out.
    if (!outcome.succeeded && (this.saga.awaiting !== 'result' || outcome.attempt !== this.currentAttempt())) {
      return `attempt ${outcome.attempt} is no longer current`;
    }
    return null;
  }

  private succeed(outcome: StepOutcome): void {
    const position = this.saga.stepIndex;
    const step = this.steps[position];
    switch (this.saga.phase) {
      case 'forward':
        step.status = 'SUCCEEDED';
        step.output = outcome.output;
        step.error = null;
        step.finishedAt = this.now;
        this.keepIds(outcome.output);
        this.record('StepSucceeded', step.name, { compensation: COMPENSATION_OF[step.name] });
        if (position < LAST) this.send('forward', position + 1);
        else this.send('activate', LAST);
        return;
      case 'compensate':
        step.status = 'COMPENSATED';
        step.error = null;
        step.finishedAt = this.now;
        this.compensateNext();
        return;
      case 'activate':
        this.finish('COMPLETED');
    }
  }

  private failAttempt(error: string, retryable: boolean): void {
    const phase = this.saga.phase;
    const attempt = this.currentAttempt();
    const step = this.steps[this.saga.stepIndex];
    if (phase !== 'activate') step.error = error.slice(0, 500);
    if (retryable && attempt < maxAttempts(this.policy, phase)) {
      const delayMs = backoffMs(this.policy, attempt, this.random);
      this.saga.awaiting = 'retry';
      this.saga.deadlineAt = null;
      this.saga.wakeAt = this.now + delayMs;
      this.record('RetryScheduled', this.currentStepName(), { direction: phase, failedAttempt: attempt, nextAttempt: attempt + 1, delayMs, error });
      return;
    }
    if (phase === 'compensate') {
      step.status = 'COMPENSATION_FAILED';
      step.finishedAt = this.now;
      this.record('CompensationGivenUp', step.name, { attempts: attempt, error });
      this.compensateNext();
      return;
    }
    if (phase === 'forward') {
      step.status = 'FAILED';
      step.finishedAt = this.now;
      this.record('StepFailed', step.name, { attempts: attempt, error, retryable });
      this.beginCompensation();
      return;
    }
    this.record('ActivationFailed', 'create-account', { attempts: attempt, error });
    this.beginCompensation();
  }

  private beginCompensation(): void {
    this.saga.status = 'COMPENSATING';
    const toUndo = this.steps.filter((s) => s.status === 'SUCCEEDED').reverse();
    this.record('CompensationTriggered', null, { order: toUndo.map((s) => s.name) });
    this.compensateNext();
  }

  /**
   * Compensates the newest step still SUCCEEDED, or ends the rollback. Steps above the one
   * being undone are never SUCCEEDED, except one that succeeded late (see above), which must
   * be undone too.
   */
  private compensateNext(): void {
    for (let position = LAST; position >= 0; position--) {
      if (this.steps[position].status === 'SUCCEEDED') {
        this.send('compensate', position);
        return;
      }
    }
    const givenUp = this.steps.some((s) => s.status === 'COMPENSATION_FAILED');
    this.finish(givenUp ? 'PARTIALLY_ROLLED_BACK' : 'ROLLED_BACK');
  }

  private send(direction: Direction, position: number): void {
    const step = this.steps[position];
    this.saga.phase = direction;
    this.saga.stepIndex = position;
    let attempt: number;
    if (direction === 'forward') {
      attempt = ++step.attempts;
      step.status = 'RUNNING';
      step.startedAt ??= this.now;
    } else if (direction === 'compensate') {
      attempt = ++step.compensationAttempts;
      step.status = 'COMPENSATING';
    } else {
      attempt = ++this.saga.activationAttempts;
    }
    this.awaitResult(direction);
    const name = this.currentStepName();
    this.record(STARTED_EVENT[direction], name, { attempt, direction });
    this.dispatch = { step: name, direction, attempt };
  }

  private awaitResult(direction: Direction): void {
    this.saga.awaiting = 'result';
    this.saga.attemptSentAt = this.now;
    this.saga.deadlineAt = this.now + attemptTimeoutMs(this.policy, direction);
    this.saga.wakeAt = Math.min(this.saga.deadlineAt, this.now + this.policy.leaseMs);
  }

  private finish(status: SagaStatus): void {
    this.saga.status = status;
    this.saga.awaiting = null;
    this.saga.deadlineAt = null;
    this.saga.wakeAt = null;
    this.saga.finishedAt = this.now;
    this.justFinished = true;
    // The e-mail stays locked only while an account made by this saga may still be live.
    const account = this.steps[0];
    const accountLive = status === 'COMPLETED' || account.status === 'COMPENSATION_FAILED';
    if (!accountLive) this.saga.emailLock = null;
    this.record(FINISHED_EVENT[status], null, { status });
  }

  private keepIds(output: Record<string, unknown> | null): void {
    if (typeof output?.userId === 'string') this.saga.userId = output.userId;
    if (typeof output?.transactionId === 'string') this.saga.transactionId = output.transactionId;
    if (typeof output?.notificationId === 'string') this.saga.notificationId = output.notificationId;
  }

  private currentStepName(): StepName {
    return this.saga.phase === 'activate' ? 'create-account' : this.steps[this.saga.stepIndex].name;
  }

  private currentAttempt(): number {
    const step = this.steps[this.saga.stepIndex];
    if (this.saga.phase === 'forward') return step.attempts;
    if (this.saga.phase === 'compensate') return step.compensationAttempts;
    return this.saga.activationAttempts;
  }

  private record(type: string, step: StepName | null, data: Record<string, unknown>): void {
    this.history.push({ type, step, data });
  }
}

const STARTED_EVENT: Record<Direction, string> = {
  forward: 'StepStarted',
  compensate: 'CompensationStarted',
  activate: 'ActivationStarted',
};

const FINISHED_EVENT: Record<SagaStatus, string> = {
  RUNNING: 'SagaRunning',
  COMPENSATING: 'SagaCompensating',
  COMPLETED: 'SagaCompleted',
  ROLLED_BACK: 'SagaRolledBack',
  PARTIALLY_ROLLED_BACK: 'SagaPartiallyRolledBack',
};

const COMPENSATION_OF: Record<StepName, string> = {
  'create-account': 'delete-account',
  'charge-payment': 'refund-payment',
  'send-notification': 'cancel-notification',
};
