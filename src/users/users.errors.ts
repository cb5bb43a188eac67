import { DomainError } from '../infra/domain-error.js';

export const UserErrors = {
  notFound: (id: string) => new DomainError('USER.NOT_FOUND', 'not_found', `User ${id} not found`),
  emailTaken: 'ACCOUNT.EMAIL_TAKEN',
  deleted: 'ACCOUNT.DELETED',
} as const;
