import type { StepCorrelation } from '../infra/messages/step-correlation.js';

/** The account is DELETED. */
export class AccountClosed {
  constructor(
    readonly correlation: StepCorrelation,
    readonly userId: string,
  ) {}
}
