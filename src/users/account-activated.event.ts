import type { StepCorrelation } from '../infra/messages/step-correlation.js';
export class AccountActivated {
  constructor(
    readonly correlation: StepCorrelation,
    readonly userId: string,
  ) {}
}
