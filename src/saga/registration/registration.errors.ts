import { DomainError } from '../../infra/domain-error.js';

export const RegistrationErrors = {
  emailTaken: (email: string) =>
    new DomainError('REGISTRATION.EMAIL_TAKEN', 'conflict', `${email} is already registered or being registered`),
  idempotencyKeyReused: (key: string) =>
    new DomainError('REGISTRATION.IDEMPOTENCY_KEY_REUSED', 'unprocessable', `Idempotency-Key ${key} was already used with a different request body`),
};
