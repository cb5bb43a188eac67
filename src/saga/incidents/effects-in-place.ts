import type { Saga } from '../saga.entity.js';
import type { SagaStep } from '../saga-step.entity.js';

const money = (saga: Saga) => `${(saga.amountCents / 100).toFixed(2)} ${saga.currency}`;

/** Each effect a given-up compensation left in place, with the ids and amounts a person needs. */
export function effectsInPlace(saga: Saga, steps: SagaStep[]): string[] {
  return steps
    .filter((step) => step.status === 'COMPENSATION_FAILED')
    .reverse()
    .map((step) => {
      switch (step.name) {
        case 'charge-payment':
          return `Transaction ${saga.transactionId} (${money(saga)}) was not refunded`;
        case 'create-account':
          return `User account ${saga.userId} (${saga.email}) was not deleted and is still PENDING`;
        case 'send-notification':
          return `Welcome e-mail ${saga.notificationId} to ${saga.email} was not cancelled`;
      }
    });
}

/** What to do by hand for each effect, in the order the saga would have undone them. */
export function manualActions(saga: Saga, steps: SagaStep[]): string[] {
  return steps
    .filter((step) => step.status === 'COMPENSATION_FAILED')
    .reverse()
    .map((step) => {
      switch (step.name) {
        case 'charge-payment':
          return `refund ${money(saga)} on transaction ${saga.transactionId} by hand`;
        case 'create-account':
          return `delete user account ${saga.userId} by hand`;
        case 'send-notification':
          return `tell ${saga.email} to disregard welcome e-mail ${saga.notificationId}`;
      }
    });
}
