import type { StepCorrelation } from '../infra/messages/step-correlation.js';

/**
 * The last step of an account closure: the account this saga SUSPENDED becomes DELETED, which
 * frees its e-mail for a new registration; answered by AccountClosed or AccountClosureFailed.
 */
export class CloseAccount {
  constructor(
    readonly correlation: StepCorrelation,
    readonly userId: string,
  ) {}
}
