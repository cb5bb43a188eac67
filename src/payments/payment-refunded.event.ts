export class PaymentRefunded {
  constructor(
    readonly sagaId: string,
    readonly attempt: number,
    readonly transactionId: string,
    /** Null when there was nothing to refund (the charge never happened). */
    readonly refundId: string | null,
  ) {}
}
