import type { StepCorrelation } from '../infra/messages/step-correlation.js';
/** Charge a registration's fee; answered by PaymentCharged, PaymentDeclined or PaymentChargeFailed. */
export class ChargePayment {
  constructor(
    readonly correlation: StepCorrelation,
    readonly idempotencyKey: string,
    readonly userId: string,
    readonly receiptEmail: string,
    readonly amountCents: number,
    readonly currency: string,
    readonly paymentMethod: string,
  ) {}
}
