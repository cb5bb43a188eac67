import type { StepCorrelation } from '../infra/messages/step-correlation.js';
export class AccountDeleted {
  constructor(
    readonly correlation: StepCorrelation,
    readonly userId: string,
  ) {}
}
