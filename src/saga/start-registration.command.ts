import { Command } from '@nestjs/cqrs';
import type { StoredSaga } from './saga-store.js';

export interface RegistrationRequest {
  email: string;
  name: string | null;
  amountCents: number;
  currency: string;
  paymentMethod: string;
}

/**
 * What StartRegistration answers: the saga's id, whether an earlier request with the same key
 * had started it, and, for a saga this request started, the rows it committed.
 */
export interface RegistrationStarted {
  sagaId: string;
  replayed: boolean;
  started: StoredSaga | null;
}

/** Starts a registration saga, or finds the one an earlier request with the same key started. */
export class StartRegistration extends Command<RegistrationStarted> {
  constructor(
    readonly request: RegistrationRequest,
    readonly idempotencyKey: string | null,
  ) {
    super();
  }
}
