import { DomainError } from '../../infra/domain-error.js';

export const AccountClosureErrors = {
  userNotFound: (id: string) => new DomainError('CLOSURE.USER_NOT_FOUND', 'not_found', `User ${id} not found`),
  notActive: (id: string, status: string) => new DomainError('CLOSURE.NOT_ACTIVE', 'conflict', `User ${id} is ${status}; only an ACTIVE account can be closed`),
  alreadyRunning: (id: string) => new DomainError('CLOSURE.ALREADY_RUNNING', 'conflict', `A saga is already closing user ${id}`),
  idempotencyKeyReused: (key: string) =>
    new DomainError('CLOSURE.IDEMPOTENCY_KEY_REUSED', 'unprocessable', `Idempotency-Key ${key} was already used with a different request`),
};
