/** Charge a registration's fee; answered by PaymentCharged, PaymentDeclined or PaymentChargeFailed. */
export class ChargePayment {
  constructor(
    readonly sagaId: string,
    readonly attempt: number,
    readonly idempotencyKey: string,
    readonly userId: string,
    readonly receiptEmail: string,
    readonly amountCents: number,
    readonly currency: string,
    readonly paymentMethod: string,
  ) {}
}
