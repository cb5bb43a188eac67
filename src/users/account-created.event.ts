import type { StepCorrelation } from '../infra/messages/step-correlation.js';
export class AccountCreated {
  constructor(
    readonly correlation: StepCorrelation,
    readonly userId: string,
  ) {}
}
