import { OperationFailed } from './operation-failed.event.js';
import type { StepCorrelation } from './step-correlation.js';

/**
 * A failure event that answers a command carrying a StepCorrelation: the correlation comes back
 * unchanged, and the refusal's stable `code` is a field of its own (the message is for people).
 */
export abstract class CorrelatedOperationFailed extends OperationFailed {
  constructor(
    correlation: StepCorrelation,
    /** Stable, e.g. `ACCOUNT.NOT_ACTIVE`; `<MODULE>.UNAVAILABLE` for a transient failure. */
    readonly code: string,
    error: string,
    retryable: boolean,
  ) {
    super(correlation, error, retryable);
  }
}
