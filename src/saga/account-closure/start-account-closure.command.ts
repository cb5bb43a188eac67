import { Command } from '@nestjs/cqrs';
import type { SagaStatus } from '../engine/saga-status.js';
import type { StoredSaga } from '../engine/saga-store.js';
import type { AccountClosureInput } from './account-closure.saga-definition.js';

export interface AccountClosureStarted {
  sagaId: string;
  replayed: boolean;
  status: SagaStatus;
  started: StoredSaga | null;
}

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
