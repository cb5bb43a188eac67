import type { StepCorrelation } from './step-correlation.js';

/**
 * The shape every module's failure event shares: which saga step and attempt it answers, what
 * went wrong, and whether trying again could help (a declined card cannot; a timeout can).
 */
export abstract class OperationFailed {
  constructor(
    readonly correlation: StepCorrelation,
    readonly error: string,
    readonly retryable: boolean,
  ) {}
}
