import { formatMoney } from '../../infra/money/iso-currency.js';
import type { Saga } from '../saga.entity.js';
import type { SagaStep } from '../saga-step.entity.js';

/** An effect a given-up compensation left in place, and what a person must do about it. */
export interface EffectInPlace {
  effect: string;
  action: string;
}

const money = (saga: Saga) => formatMoney(saga.amountCents, saga.currency);

/**
 * Each effect still in place, with the ids and amounts a person needs, in the order the saga
 * would have undone them (newest step first).
 */
export function effectsInPlace(saga: Saga, steps: SagaStep[]): EffectInPlace[] {
  return steps
    .filter((step) => step.status === 'COMPENSATION_FAILED')
    .reverse()
    .map((step): EffectInPlace => {
      switch (step.name) {
        case 'charge-payment':
          return {
            effect: `Transaction ${saga.transactionId} (${money(saga)}) was not refunded`,
            action: `refund ${money(saga)} on transaction ${saga.transactionId} by hand`,
          };
        case 'create-account':
          return {
            effect: `User account ${saga.userId} (${saga.email}) was not deleted and is still PENDING`,
            action: `delete user account ${saga.userId} by hand`,
          };
        case 'send-notification':
          return {
            effect: `Welcome e-mail ${saga.notificationId} to ${saga.email} was not cancelled`,
            action: `tell ${saga.email} to disregard welcome e-mail ${saga.notificationId}`,
          };
      }
    });
}
