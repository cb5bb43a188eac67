import { Command } from '@nestjs/cqrs';
import type { SagaStarted } from '../engine/saga-starter.js';
import type { AccountClosureInput } from './account-closure.saga-definition.js';

/** What StartAccountClosure answers (see SagaStarted). */
export type AccountClosureStarted = SagaStarted;

/** Starts closing an ACTIVE account, or finds the closure an earlier request with the same key started. */
export class StartAccountClosure extends Command<AccountClosureStarted> {
  constructor(
    readonly input: AccountClosureInput,
    readonly idempotencyKey: string | null,
    /** The request's W3C `traceparent`, which the saga's trace continues. */
    readonly traceParent: string | null = null,
  ) {
    super();
  }
}
