import { DomainError } from '../infra/domain-error.js';

export const SagaErrors = {
  notFound: (id: string) => new DomainError('SAGA.NOT_FOUND', 'not_found', `Saga ${id} not found`),
  emailTaken: (email: string) =>
    new DomainError('REGISTRATION.EMAIL_TAKEN', 'conflict', `${email} is already registered or being registered`),
  idempotencyKeyReused: (key: string) =>
    new DomainError('REGISTRATION.IDEMPOTENCY_KEY_REUSED', 'unprocessable', `Idempotency-Key ${key} was already used with a different request body`),
  notRetryable: (id: string, status: string) =>
    new DomainError('SAGA.NOT_RETRYABLE', 'conflict', `Saga ${id} is ${status}; only a PARTIALLY_ROLLED_BACK saga can be retried`),
  resolvedByHand: (id: string, incidentId: string) =>
    new DomainError(
      'SAGA.RESOLVED_BY_HAND',
      'conflict',
      `Saga ${id} is not retried: its incident ${incidentId} was resolved by hand, and the effects may already have been undone`,
    ),
  badCursor: () => new DomainError('SAGA.BAD_CURSOR', 'invalid', 'cursor is not one this API returned'),
};
