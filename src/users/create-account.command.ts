import type { StepCorrelation } from '../infra/messages/step-correlation.js';
/** Create a PENDING account for a registration saga; answered by AccountCreated or AccountCreationFailed. */
export class CreateAccount {
  constructor(
    readonly correlation: StepCorrelation,
    readonly email: string,
    readonly name: string | null,
  ) {}
}
