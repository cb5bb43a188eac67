import type { StepOutcome } from '../registration/step-outcome.js';

/** Tells the saga what a module answered to one of its commands. */
export class RecordStepOutcome {
  constructor(readonly outcome: StepOutcome) {}
}
