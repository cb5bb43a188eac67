import type { StepCorrelation } from '../infra/messages/step-correlation.js';

/** One charge given back. */
export interface RefundedCharge {
  readonly transactionId: string;
  readonly refundId: string;
  readonly amountCents: number;
  readonly currency: string;
}

/** Every charge of the user is refunded; `refunds` lists those this command refunded, oldest charge first (empty: nothing was charged). */
export class UserChargesRefunded {
  constructor(
    readonly correlation: StepCorrelation,
    readonly userId: string,
    readonly refunds: readonly RefundedCharge[],
  ) {}
}
