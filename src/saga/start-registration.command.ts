import { Command } from '@nestjs/cqrs';

export interface RegistrationRequest {
  email: string;
  name: string | null;
  amountCents: number;
  currency: string;
  paymentMethod: string;
}

/** Starts a registration saga, or finds the one an earlier request with the same key started. */
export class StartRegistration extends Command<{ sagaId: string; replayed: boolean }> {
  constructor(
    readonly request: RegistrationRequest,
    readonly idempotencyKey: string | null,
  ) {
    super();
  }
}
