import type { StepCorrelation } from '../infra/messages/step-correlation.js';

/** The account is SUSPENDED by the correlated saga; its e-mail and name are what the closure's later steps address. */
export class AccountSuspended {
  constructor(
    readonly correlation: StepCorrelation,
    readonly userId: string,
    readonly email: string,
    readonly name: string | null,
  ) {}
}
