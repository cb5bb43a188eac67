import { afterAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ConsoleLogger, Logger, type LoggerService } from '@nestjs/common';
import type { ICommand, IEvent } from '@nestjs/cqrs';
import { type Observable, Subject } from 'rxjs';
import { CancelWelcomeEmail, SendWelcomeEmail, WelcomeEmailFailed } from '../../notifications/index.js';
import { ChargePayment, PaymentCharged, PaymentDeclined, PaymentRefunded, RefundPayment } from '../../payments/index.js';
import { AccountCreated, ActivateAccount, CreateAccount, DeleteAccount } from '../../users/index.js';
import { RecordStepOutcome } from '../engine/record-step-outcome.command.js';
import { RegistrationStepDispatched } from './registration-step-dispatched.event.js';
import type { Direction, RegistrationSnapshot, StepName } from './registration-steps.js';
import { RegistrationSaga } from './registration.saga.js';

const SAGA_ID = 'saga-1';

const REGISTRATION: RegistrationSnapshot = {
  email: 'ada@example.com',
  name: 'Ada Lovelace',
  amountCents: 9_999,
  currency: 'USD',
  paymentMethod: 'pm_card_visa',
  userId: 'user-1',
  transactionId: 'txn-1',
  notificationId: 'ntf-1',
};

const dispatched = (step: StepName, direction: Direction, attempt = 1, registration: Partial<RegistrationSnapshot> = {}) =>
  new RegistrationStepDispatched(SAGA_ID, step, direction, attempt, { ...REGISTRATION, ...registration });

type SagaStream = (events$: Observable<IEvent>) => Observable<ICommand>;

/** Subscribes to a @Saga() stream, pushes `events` through it, and returns what came out. */
function run(stream: SagaStream, ...events: IEvent[]) {
  const events$ = new Subject<IEvent>();
  const commands: ICommand[] = [];
  const ended: string[] = [];
  const subscription = stream(events$).subscribe({
    next: (command) => commands.push(command),
    error: (error: unknown) => ended.push(`error: ${String(error)}`),
    complete: () => ended.push('complete'),
  });
  for (const event of events) events$.next(event);
  return {
    commands,
    ended,
    get alive() {
      return !subscription.closed;
    },
    push: (event: IEvent) => events$.next(event),
  };
}

/** Captures what the saga logs, which also keeps the test output quiet. */
const logged: string[] = [];
const capture: LoggerService = {
  log: () => undefined,
  warn: () => undefined,
  error: (message: unknown) => {
    logged.push(String(message));
  },
};

describe('RegistrationSaga', () => {
  beforeEach(() => {
    logged.length = 0;
    Logger.overrideLogger(capture);
  });
  afterAll(() => Logger.overrideLogger(new ConsoleLogger()));

  describe('runSteps', () => {
    const runSteps = (...events: IEvent[]) => run(new RegistrationSaga().runSteps, ...events);

    it('sends CreateAccount for create-account forward', () => {
      const { commands } = runSteps(dispatched('create-account', 'forward', 1, { userId: null, transactionId: null, notificationId: null }));

      expect(commands).toStrictEqual([new CreateAccount(SAGA_ID, 1, 'ada@example.com', 'Ada Lovelace')]);
    });

    it('sends ChargePayment for charge-payment forward, keyed by saga, step and direction', () => {
      const { commands } = runSteps(dispatched('charge-payment', 'forward', 2));

      expect(commands).toHaveLength(1);
      expect(commands[0]).toStrictEqual(
        new ChargePayment(SAGA_ID, 2, `${SAGA_ID}:charge-payment:forward`, 'user-1', 'ada@example.com', 9_999, 'USD', 'pm_card_visa'),
      );
    });

    it('keeps the same idempotency key on every attempt', () => {
      const { commands } = runSteps(dispatched('charge-payment', 'forward', 1), dispatched('charge-payment', 'forward', 3));

      expect(commands.map((c) => (c as ChargePayment).idempotencyKey)).toEqual([`${SAGA_ID}:charge-payment:forward`, `${SAGA_ID}:charge-payment:forward`]);
      expect(commands.map((c) => (c as ChargePayment).attempt)).toEqual([1, 3]);
    });

    it('sends RefundPayment to compensate charge-payment', () => {
      const { commands } = runSteps(dispatched('charge-payment', 'compensate', 1));

      expect(commands).toStrictEqual([new RefundPayment(SAGA_ID, 1, `${SAGA_ID}:charge-payment:compensate`, 'txn-1')]);
    });

    it('sends DeleteAccount to compensate create-account', () => {
      const { commands } = runSteps(dispatched('create-account', 'compensate', 4));

      expect(commands).toStrictEqual([new DeleteAccount(SAGA_ID, 4, 'user-1')]);
    });

    it('sends SendWelcomeEmail and CancelWelcomeEmail for send-notification', () => {
      const { commands } = runSteps(dispatched('send-notification', 'forward'), dispatched('send-notification', 'compensate'));

      expect(commands).toStrictEqual([
        new SendWelcomeEmail(SAGA_ID, 1, `${SAGA_ID}:send-notification:forward`, 'user-1', 'ada@example.com', 'Ada Lovelace'),
        new CancelWelcomeEmail(SAGA_ID, 1, `${SAGA_ID}:send-notification:compensate`, 'ntf-1'),
      ]);
    });

    it('sends ActivateAccount for the activation', () => {
      const { commands } = runSteps(dispatched('create-account', 'activate', 1));

      expect(commands).toStrictEqual([new ActivateAccount(SAGA_ID, 1, 'user-1')]);
    });

    it('ignores events that are not dispatches', () => {
      const { commands } = runSteps(new AccountCreated(SAGA_ID, 1, 'user-1'));

      expect(commands).toEqual([]);
    });

    it('drops a dispatch it cannot turn into a command, logs it, and keeps serving later events', () => {
      const stream = runSteps(dispatched('charge-payment', 'forward', 1, { userId: null }));
      expect(stream.commands).toEqual([]);
      expect(logged).toEqual([expect.stringContaining('no user id')]);

      stream.push(dispatched('charge-payment', 'compensate', 1));

      expect(stream.alive).toBe(true);
      expect(stream.ended).toEqual([]);
      expect(stream.commands).toStrictEqual([new RefundPayment(SAGA_ID, 1, `${SAGA_ID}:charge-payment:compensate`, 'txn-1')]);
    });
  });

  describe('recordOutcomes', () => {
    const recordOutcomes = (...events: IEvent[]) => run(new RegistrationSaga().recordOutcomes, ...events);
    const outcomeOf = (command: ICommand) => {
      expect(command).toBeInstanceOf(RecordStepOutcome);
      return (command as RecordStepOutcome).outcome;
    };

    it('records PaymentCharged as a success with the transaction, the amount in units, and the currency', () => {
      const { commands } = recordOutcomes(new PaymentCharged(SAGA_ID, 2, 'txn-9', 9_999, 'EUR'));

      expect(commands).toHaveLength(1);
      expect(outcomeOf(commands[0])).toEqual({
        sagaId: SAGA_ID,
        attempt: 2,
        step: 'charge-payment',
        direction: 'forward',
        event: 'PaymentCharged',
        succeeded: true,
        retryable: false,
        error: null,
        output: { transactionId: 'txn-9', amount: 99.99, currency: 'EUR' },
      });
    });

    it('records PaymentDeclined as a business failure: not succeeded, not retryable', () => {
      const { commands } = recordOutcomes(new PaymentDeclined(SAGA_ID, 1, 'txn-2', 'insufficient_funds'));

      expect(outcomeOf(commands[0])).toMatchObject({
        sagaId: SAGA_ID,
        attempt: 1,
        step: 'charge-payment',
        direction: 'forward',
        event: 'PaymentDeclined',
        succeeded: false,
        retryable: false,
        error: 'PAYMENT.DECLINED: insufficient_funds',
        output: { declineCode: 'insufficient_funds' },
      });
    });

    it('records a transient failure as retryable', () => {
      const { commands } = recordOutcomes(new WelcomeEmailFailed(SAGA_ID, 3, 'SMTP connection timeout', true));

      expect(outcomeOf(commands[0])).toMatchObject({
        step: 'send-notification',
        direction: 'forward',
        attempt: 3,
        succeeded: false,
        retryable: true,
        error: 'SMTP connection timeout',
        output: null,
      });
    });

    it('maps a compensation answer to the compensate direction', () => {
      const { commands } = recordOutcomes(new PaymentRefunded(SAGA_ID, 1, 'txn-1', 're-1'));

      expect(outcomeOf(commands[0])).toMatchObject({
        step: 'charge-payment',
        direction: 'compensate',
        succeeded: true,
        output: { transactionId: 'txn-1', refundId: 're-1' },
      });
    });

    it('ignores events that are not module answers', () => {
      const { commands } = recordOutcomes(dispatched('create-account', 'forward'));

      expect(commands).toEqual([]);
    });

    it('drops an answer without a saga id, logs it, and keeps serving later events', () => {
      const malformed = new AccountCreated(undefined as unknown as string, 1, 'user-1');
      const stream = recordOutcomes(malformed);
      expect(stream.commands).toEqual([]);
      expect(logged).toEqual([expect.stringContaining('AccountCreated')]);

      stream.push(new PaymentCharged(SAGA_ID, 1, 'txn-1', 500, 'USD'));

      expect(stream.alive).toBe(true);
      expect(stream.ended).toEqual([]);
      expect(stream.commands).toHaveLength(1);
      expect(outcomeOf(stream.commands[0])).toMatchObject({ sagaId: SAGA_ID, event: 'PaymentCharged', output: { amount: 5 } });
    });

    it('drops an answer whose attempt is not an integer', () => {
      const stream = recordOutcomes(new PaymentCharged(SAGA_ID, Number.NaN, 'txn-1', 500, 'USD'), new AccountCreated(SAGA_ID, 1, 'user-1'));

      expect(stream.commands.map((c) => outcomeOf(c).event)).toEqual(['AccountCreated']);
      expect(stream.alive).toBe(true);
    });
  });
});
