import type { StepCorrelation } from '../infra/messages/step-correlation.js';
/** Compensation of ChargePayment; answered by PaymentRefunded or PaymentRefundFailed. */
export class RefundPayment {
  constructor(
    readonly correlation: StepCorrelation,
    readonly idempotencyKey: string,
    readonly transactionId: string,
  ) {}
}
