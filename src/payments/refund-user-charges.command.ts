import type { StepCorrelation } from '../infra/messages/step-correlation.js';

/**
 * Refund every charge still in place for a user (an account closure's pivot); answered by
 * UserChargesRefunded (with an empty list when nothing was charged) or UserChargesRefundFailed.
 * Each charge is refunded with the key `<idempotencyKey>:<transactionId>`.
 */
export class RefundUserCharges {
  constructor(
    readonly correlation: StepCorrelation,
    readonly idempotencyKey: string,
    readonly userId: string,
  ) {}
}
