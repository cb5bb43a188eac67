import type { StepCorrelation } from '../infra/messages/step-correlation.js';
import { OperationFailed } from '../infra/messages/operation-failed.event.js';
import { PaymentErrors } from './payments.errors.js';

/** A business failure: the card network said no, and asking again will not change that. */
export class PaymentDeclined extends OperationFailed {
  constructor(correlation: StepCorrelation, readonly transactionId: string, readonly declineCode: string) {
    super(correlation, `${PaymentErrors.declined}: ${declineCode}`, false);
  }
}
