import type { StepCorrelation } from '../infra/messages/step-correlation.js';
/** Compensation of CreateAccount; answered by AccountDeleted or AccountDeletionFailed. */
export class DeleteAccount {
  constructor(
    readonly correlation: StepCorrelation,
    readonly userId: string,
  ) {}
}
