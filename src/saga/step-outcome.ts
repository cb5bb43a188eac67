import type { Type } from '@nestjs/common';
import type { IEvent } from '@nestjs/cqrs';
import { OperationFailed } from '../infra/messages/operation-failed.event.js';
import { fromMinorUnits } from '../infra/money/iso-currency.js';
import {
  WelcomeEmailCancellationFailed,
  WelcomeEmailCancelled,
  WelcomeEmailFailed,
  WelcomeEmailSent,
} from '../notifications/index.js';
import {
  PaymentChargeFailed,
  PaymentCharged,
  PaymentDeclined,
  PaymentRefundFailed,
  PaymentRefunded,
} from '../payments/index.js';
import {
  AccountActivated,
  AccountActivationFailed,
  AccountCreated,
  AccountCreationFailed,
  AccountDeleted,
  AccountDeletionFailed,
} from '../users/index.js';
import type { Direction, StepName } from './registration-steps.js';

/** A module's answer to one of the saga's commands, in the saga's terms. */
export interface StepOutcome {
  sagaId: string;
  attempt: number;
  step: StepName;
  direction: Direction;
  /** The module event's name, kept in the saga's history. */
  event: string;
  succeeded: boolean;
  retryable: boolean;
  error: string | null;
  output: Record<string, unknown> | null;
}

type Answer = IEvent & { sagaId: string; attempt: number };

const ANSWERS = new Map<Type<Answer>, { step: StepName; direction: Direction; output?: (event: never) => Record<string, unknown> }>([
  [AccountCreated, { step: 'create-account', direction: 'forward', output: (e: AccountCreated) => ({ userId: e.userId }) }],
  [AccountCreationFailed, { step: 'create-account', direction: 'forward' }],
  [AccountDeleted, { step: 'create-account', direction: 'compensate', output: (e: AccountDeleted) => ({ userId: e.userId }) }],
  [AccountDeletionFailed, { step: 'create-account', direction: 'compensate' }],
  [AccountActivated, { step: 'create-account', direction: 'activate', output: (e: AccountActivated) => ({ userId: e.userId }) }],
  [AccountActivationFailed, { step: 'create-account', direction: 'activate' }],
  [PaymentCharged, { step: 'charge-payment', direction: 'forward', output: (e: PaymentCharged) => ({ transactionId: e.transactionId, amount: fromMinorUnits(e.amountCents, e.currency), currency: e.currency }) }],
  [PaymentDeclined, { step: 'charge-payment', direction: 'forward', output: (e: PaymentDeclined) => ({ declineCode: e.declineCode }) }],
  [PaymentChargeFailed, { step: 'charge-payment', direction: 'forward' }],
  [PaymentRefunded, { step: 'charge-payment', direction: 'compensate', output: (e: PaymentRefunded) => ({ transactionId: e.transactionId, refundId: e.refundId }) }],
  [PaymentRefundFailed, { step: 'charge-payment', direction: 'compensate' }],
  [WelcomeEmailSent, { step: 'send-notification', direction: 'forward', output: (e: WelcomeEmailSent) => ({ notificationId: e.notificationId }) }],
  [WelcomeEmailFailed, { step: 'send-notification', direction: 'forward' }],
  [WelcomeEmailCancelled, { step: 'send-notification', direction: 'compensate', output: (e: WelcomeEmailCancelled) => ({ notificationId: e.notificationId }) }],
  [WelcomeEmailCancellationFailed, { step: 'send-notification', direction: 'compensate' }],
]);

/** Every module event that answers a saga command. */
export const ANSWER_EVENTS = [...ANSWERS.keys()];

export function toStepOutcome(event: Answer): StepOutcome {
  const route = ANSWERS.get(event.constructor as Type<Answer>);
  if (!route) throw new Error(`${event.constructor.name} does not answer a saga command`);
  if (typeof event.sagaId !== 'string' || !Number.isInteger(event.attempt)) {
    throw new Error(`${event.constructor.name} lacks a saga id or attempt`);
  }
  const failed = event instanceof OperationFailed;
  return {
    sagaId: event.sagaId,
    attempt: event.attempt,
    step: route.step,
    direction: route.direction,
    event: event.constructor.name,
    succeeded: !failed,
    retryable: failed ? event.retryable : false,
    error: failed ? event.error : null,
    output: route.output ? route.output(event as never) : null,
  };
}
