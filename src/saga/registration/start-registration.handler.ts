import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SagaStarter, startedOrRefused } from '../engine/saga-starter.js';
import { RegistrationErrors } from './registration.errors.js';
import { REGISTRATION } from './registration.saga-definition.js';
import { type RegistrationStarted, StartRegistration } from './start-registration.command.js';

/** A registration's refusals in its own words: the e-mail lock (409) and a reused key (422). */
@CommandHandler(StartRegistration)
export class StartRegistrationHandler implements ICommandHandler<StartRegistration> {
  constructor(private readonly starter: SagaStarter) {}

  async execute({ request, idempotencyKey, traceParent }: StartRegistration): Promise<RegistrationStarted> {
    const { email, name, amountCents, currency, paymentMethod } = request;
    // The fingerprint of the fields in this order, as sagas stored before the engine have it.
    const result = await this.starter.start(REGISTRATION, request, idempotencyKey, [email, name, amountCents, currency, paymentMethod], undefined, traceParent);
    return startedOrRefused(result, {
      keyReused: () => RegistrationErrors.idempotencyKeyReused(idempotencyKey!),
      locked: () => RegistrationErrors.emailTaken(email),
    });
  }
}
