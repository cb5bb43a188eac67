import type { StepCorrelation } from '../infra/messages/step-correlation.js';
export class PaymentCharged {
  constructor(
    readonly correlation: StepCorrelation,
    readonly transactionId: string,
    readonly amountCents: number,
    readonly currency: string,
  ) {}
}
