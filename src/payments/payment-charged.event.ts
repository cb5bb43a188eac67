export class PaymentCharged {
  constructor(
    readonly sagaId: string,
    readonly attempt: number,
    readonly transactionId: string,
    readonly amountCents: number,
    readonly currency: string,
  ) {}
}
