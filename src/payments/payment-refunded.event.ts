import type { StepCorrelation } from '../infra/messages/step-correlation.js';
export class PaymentRefunded {
  constructor(
    readonly correlation: StepCorrelation,
    readonly transactionId: string,
    /** Null when there was nothing to refund (the charge never happened). */
    readonly refundId: string | null,
  ) {}
}
