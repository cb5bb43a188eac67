import type { StepCorrelation } from '../infra/messages/step-correlation.js';
/** Lifts the semantic lock once the saga has succeeded; answered by AccountActivated or AccountActivationFailed. */
export class ActivateAccount {
  constructor(
    readonly correlation: StepCorrelation,
    readonly userId: string,
  ) {}
}
