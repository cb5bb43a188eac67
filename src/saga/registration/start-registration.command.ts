import { Command } from '@nestjs/cqrs';
import type { SagaStatus } from '../engine/saga-status.js';
import type { StoredSaga } from '../engine/saga-store.js';
import type { RegistrationInput } from './registration.saga-definition.js';

/**
 * What StartRegistration answers: the saga's id, whether an earlier request with the same key
 * had started it, its status then, and, for a saga this request started, the rows it committed.
 */
export interface RegistrationStarted {
  sagaId: string;
  replayed: boolean;
  /** The saga's status when it was read (a replay) or written (a new saga). */
  status: SagaStatus;
  started: StoredSaga | null;
}

/** Starts a registration saga, or finds the one an earlier request with the same key started. */
export class StartRegistration extends Command<RegistrationStarted> {
  constructor(
    readonly request: RegistrationInput,
    readonly idempotencyKey: string | null,
    /** The request's W3C `traceparent`, which the saga's trace continues. */
    readonly traceParent: string | null = null,
  ) {
    super();
  }
}
