import type { StepCorrelation } from '../infra/messages/step-correlation.js';

/** Compensation of SuspendAccount: SUSPENDED → ACTIVE; answered by AccountReactivated or AccountReactivationFailed. */
export class ReactivateAccount {
  constructor(
    readonly correlation: StepCorrelation,
    readonly userId: string,
  ) {}
}
