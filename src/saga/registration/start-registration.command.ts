import { Command } from '@nestjs/cqrs';
import type { SagaStarted } from '../engine/saga-starter.js';
import type { RegistrationInput } from './registration.saga-definition.js';

/** What StartRegistration answers (see SagaStarted). */
export type RegistrationStarted = SagaStarted;

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
