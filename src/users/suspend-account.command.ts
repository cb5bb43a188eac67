import type { StepCorrelation } from '../infra/messages/step-correlation.js';

/**
 * Hold an ACTIVE account SUSPENDED for an account-closure saga, the lock that keeps every other
 * saga off it; answered by AccountSuspended or AccountSuspensionFailed. Undone by ReactivateAccount.
 */
export class SuspendAccount {
  constructor(
    readonly correlation: StepCorrelation,
    readonly userId: string,
  ) {}
}
