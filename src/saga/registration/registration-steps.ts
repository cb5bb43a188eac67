import type { ICommand } from '@nestjs/cqrs';
import { CancelWelcomeEmail, SendWelcomeEmail } from '../../notifications/index.js';
import { ChargePayment, RefundPayment } from '../../payments/index.js';
import { ActivateAccount, CreateAccount, DeleteAccount } from '../../users/index.js';

/** The registration saga's steps, in the order they run; compensations run in the reverse order. */
export const STEP_NAMES = ['create-account', 'charge-payment', 'send-notification'] as const;
export type StepName = (typeof STEP_NAMES)[number];

/**
 * `forward` runs a step, `compensate` undoes it, and `activate` is the saga's last act: lifting
 * the account's semantic lock (PENDING to ACTIVE) once every step has succeeded.
 */
export type Direction = 'forward' | 'compensate' | 'activate';

/** What the commands of a registration need to know, taken from the saga row at dispatch. */
export interface RegistrationSnapshot {
  email: string;
  name: string | null;
  amountCents: number;
  currency: string;
  paymentMethod: string;
  userId: string | null;
  transactionId: string | null;
  notificationId: string | null;
}

/** The idempotency key a module and its provider see for one step and direction, on every attempt. */
export const idempotencyKey = (sagaId: string, step: StepName, direction: Direction) => `${sagaId}:${step}:${direction}`;

function known(value: string | null, what: string): string {
  if (value === null) throw new Error(`Cannot dispatch: the saga has no ${what} yet`);
  return value;
}

/** The command that carries out `step` in `direction`. */
export function commandFor(
  sagaId: string,
  step: StepName,
  direction: Direction,
  attempt: number,
  r: RegistrationSnapshot,
): ICommand {
  const key = idempotencyKey(sagaId, step, direction);
  switch (`${step}:${direction}`) {
    case 'create-account:forward':
      return new CreateAccount(sagaId, attempt, r.email, r.name);
    case 'create-account:compensate':
      return new DeleteAccount(sagaId, attempt, known(r.userId, 'user id'));
    case 'create-account:activate':
      return new ActivateAccount(sagaId, attempt, known(r.userId, 'user id'));
    case 'charge-payment:forward':
      return new ChargePayment(sagaId, attempt, key, known(r.userId, 'user id'), r.email, r.amountCents, r.currency, r.paymentMethod);
    case 'charge-payment:compensate':
      return new RefundPayment(sagaId, attempt, key, known(r.transactionId, 'transaction id'));
    case 'send-notification:forward':
      return new SendWelcomeEmail(sagaId, attempt, key, known(r.userId, 'user id'), r.email, r.name);
    case 'send-notification:compensate':
      return new CancelWelcomeEmail(sagaId, attempt, key, known(r.notificationId, 'notification id'));
    default:
      throw new Error(`No command for ${step} ${direction}`);
  }
}
