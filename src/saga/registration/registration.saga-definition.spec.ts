import { describe, expect, it } from '@jest/globals';
import { CancelWelcomeEmail, SendWelcomeEmail, WelcomeEmailFailed, WelcomeEmailSent } from '../../notifications/index.js';
import { ChargePayment, PaymentCharged, PaymentDeclined, PaymentRefundFailed, PaymentRefunded, RefundPayment } from '../../payments/index.js';
import { AccountActivated, AccountCreated, AccountCreationFailed, AccountDeleted, ActivateAccount, CreateAccount, DeleteAccount } from '../../users/index.js';
import { givenSaga } from '../engine/given-saga.js';
import { type RegistrationInput, registrationSaga } from './registration.saga-definition.js';

const ADA: RegistrationInput = { email: 'ada@example.com', name: 'Ada', amountCents: 9999, currency: 'USD', paymentMethod: 'pm_card_visa' };

/** Given a registration that got as far as a charge. */
function charged() {
  const saga = givenSaga(registrationSaga, ADA);
  saga.answer((c) => new AccountCreated(c, 'user-1'));
  saga.answer((c) => new PaymentCharged(c, 'txn-1', 9999, 'USD'));
  return saga;
}

describe('user-registration, given/when/then', () => {
  it('starts by creating the PENDING account, locked on the e-mail', () => {
    const saga = givenSaga(registrationSaga, ADA);
    expect(saga.lastSent.command).toEqual(new CreateAccount({ sagaId: 'saga-1', step: 'create-account', attempt: 1 }, 'ada@example.com', 'Ada'));
    expect(saga.saga.lockKey).toBe('email:ada@example.com');
    expect(saga.types).toEqual(['SagaStarted', 'StepStarted']);
  });

  it('runs the steps in order, each command built from the input and earlier outputs, and activates the account last', () => {
    const saga = charged();
    expect(saga.sent[1].command).toEqual(
      new ChargePayment({ sagaId: 'saga-1', step: 'charge-payment', attempt: 1 }, 'saga-1:charge-payment:forward', 'user-1', 'ada@example.com', 9999, 'USD', 'pm_card_visa'),
    );
    expect(saga.lastSent.command).toBeInstanceOf(SendWelcomeEmail);
    saga.answer((c) => new WelcomeEmailSent(c, 'mail-1'));
    expect(saga.lastSent.command).toEqual(new ActivateAccount({ sagaId: 'saga-1', step: 'activate-account', attempt: 1 }, 'user-1'));
    saga.answer((c) => new AccountActivated(c, 'user-1'));
    expect(saga.saga.status).toBe('COMPLETED');
    // The e-mail stays locked: the account it made is live.
    expect(saga.saga.lockKey).toBe('email:ada@example.com');
    expect(saga.steps.find((s) => s.name === 'charge-payment')!.output).toEqual({ transactionId: 'txn-1', amount: 99.99, currency: 'USD' });
  });

  it('rolls back at once on a declined card: the failed step is not compensated, the account is deleted, the lock freed', () => {
    const saga = givenSaga(registrationSaga, ADA);
    saga.answer((c) => new AccountCreated(c, 'user-1'));
    saga.answer((c) => new PaymentDeclined(c, 'txn-1', 'card_declined'));
    expect(saga.stepStatuses()).toMatchObject({ 'create-account': 'COMPENSATING', 'charge-payment': 'FAILED' });
    expect(saga.lastSent.command).toEqual(new DeleteAccount({ sagaId: 'saga-1', step: 'delete-account', attempt: 1 }, 'user-1'));
    saga.answer((c) => new AccountDeleted(c, 'user-1'));
    expect(saga.saga.status).toBe('ROLLED_BACK');
    expect(saga.saga.lockKey).toBeNull();
    expect(saga.types).toContain('PaymentDeclined');
  });

  it('retries a transient failure with backoff, then gives the step up and compensates newest first', () => {
    const saga = charged();
    for (let attempt = 1; attempt <= 3; attempt++) {
      saga.answer((c) => new WelcomeEmailFailed(c, 'SMTP connection timeout', true));
      if (attempt < 3) {
        expect(saga.history.at(-1)).toMatchObject({ type: 'RetryScheduled', data: { failedAttempt: attempt, delayMs: 2_000 * 2 ** (attempt - 1) } });
        saga.wake();
      }
    }
    expect(saga.stepStatuses()['send-notification']).toBe('FAILED');
    // The refund is built from the charge step's recorded output.
    expect(saga.lastSent.command).toEqual(new RefundPayment({ sagaId: 'saga-1', step: 'refund-payment', attempt: 1 }, 'saga-1:charge-payment:compensate', 'txn-1'));
  });

  it('ends PARTIALLY_ROLLED_BACK when a compensation is given up, still undoing the rest, and keeps going on', () => {
    const saga = charged();
    saga.answer((c) => new WelcomeEmailFailed(c, 'permanent', false));
    for (let attempt = 1; attempt <= 5; attempt++) {
      saga.answer((c) => new PaymentRefundFailed(c, 'gateway down', true));
      if (attempt < 5) saga.wake();
    }
    expect(saga.lastSent.command).toBeInstanceOf(DeleteAccount);
    saga.answer((c) => new AccountDeleted(c, 'user-1'));
    expect(saga.saga.status).toBe('PARTIALLY_ROLLED_BACK');
    expect(saga.stepStatuses()).toMatchObject({ 'create-account': 'COMPENSATED', 'charge-payment': 'COMPENSATION_FAILED' });
    saga.when({ type: 'RetryCompensations', actor: 'ops', note: null });
    saga.answer((c) => new PaymentRefunded(c, 'txn-1', 're-1'));
    expect(saga.saga.status).toBe('ROLLED_BACK');
  });

  it('times an attempt out after its policy allows, counting it as a transient failure', () => {
    const saga = givenSaga(registrationSaga, ADA);
    saga.wake(30_000);
    expect(saga.history.at(-2)).toMatchObject({ type: 'AttemptTimedOut', step: 'create-account', data: { timeoutMs: 30_000 } });
    expect(saga.history.at(-1)).toMatchObject({ type: 'RetryScheduled' });
  });

  it('ignores a failure of an attempt no longer current, and compensates a success that arrives after the step was given up', () => {
    const saga = givenSaga(registrationSaga, ADA);
    const first = saga.lastSent.correlation;
    saga.wake(30_000);
    saga.wake();
    saga.when({ type: 'Answer', event: new AccountCreationFailed(first, 'late', true) });
    expect(saga.history.at(-1)).toMatchObject({ type: 'LateResultIgnored', data: { reason: 'attempt 1 is no longer current' } });
    expect(saga.history.at(-1)).toMatchObject({ type: 'LateResultIgnored' });
    saga.answer((c) => new AccountCreated(c, 'user-1'));
    saga.answer((c) => new PaymentDeclined(c, 'txn-1', 'card_declined'));
    saga.answer((c) => new AccountDeleted(c, 'user-1'));
    expect(saga.saga.status).toBe('ROLLED_BACK');
    const refundAnswer = saga.sent.find((s) => s.command instanceof ChargePayment)!.correlation;
    saga.when({ type: 'Answer', event: new PaymentCharged(refundAnswer, 'txn-late', 9999, 'USD') });
    expect(saga.types).toContain('LateSuccessAfterGiveUp');
    expect(saga.lastSent.command).toEqual(new RefundPayment({ sagaId: 'saga-1', step: 'refund-payment', attempt: 1 }, 'saga-1:charge-payment:compensate', 'txn-late'));
  });

  it('routes by correlation: an answer for a step the definition does not have is recorded and ignored', () => {
    const saga = givenSaga(registrationSaga, ADA);
    saga.when({ type: 'Answer', event: new PaymentRefunded({ sagaId: 'saga-1', step: 'no-such-step', attempt: 1 }, 'txn-1', null) });
    expect(saga.history.at(-1)).toMatchObject({ type: 'LateResultIgnored', data: { reason: expect.stringContaining('no step no-such-step') } });
    expect(saga.stepStatuses()['create-account']).toBe('RUNNING');
  });

  it('is cancelled by an operator: the attempt out counts as given up, what succeeded is compensated, reason and actor recorded', () => {
    const saga = charged();
    saga.when({ type: 'Cancel', reason: 'customer asked', actor: 'ops-1' });
    expect(saga.history).toContainEqual({ type: 'SagaCancelled', step: null, data: { reason: 'customer asked', actor: 'ops-1' } });
    expect(saga.stepStatuses()['send-notification']).toBe('FAILED');
    expect(saga.lastSent.command).toBeInstanceOf(RefundPayment);
    saga.answer((c) => new PaymentRefunded(c, 'txn-1', 're-1'));
    saga.answer((c) => new AccountDeleted(c, 'user-1'));
    expect(saga.saga.status).toBe('ROLLED_BACK');
    // The welcome e-mail, had it been sent late, would be cancelled in turn.
    expect(saga.sent.some((s) => s.command instanceof CancelWelcomeEmail)).toBe(false);
  });
});
