/** Compensation of ChargePayment; answered by PaymentRefunded or PaymentRefundFailed. */
export class RefundPayment {
  constructor(
    readonly sagaId: string,
    readonly attempt: number,
    readonly idempotencyKey: string,
    readonly transactionId: string,
  ) {}
}
