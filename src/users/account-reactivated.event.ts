import type { StepCorrelation } from '../infra/messages/step-correlation.js';

/** The correlated saga holds no suspension of the account any more (ACTIVE again, or it never held one). */
export class AccountReactivated {
  constructor(
    readonly correlation: StepCorrelation,
    readonly userId: string,
  ) {}
}
