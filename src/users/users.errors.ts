import { DomainError } from '../infra/domain-error.js';

export const UserErrors = {
  notFound: (id: string) => new DomainError('USER.NOT_FOUND', 'not_found', `User ${id} not found`),
  emailTaken: 'ACCOUNT.EMAIL_TAKEN',
  deleted: 'ACCOUNT.DELETED',
  /** No account has the id a closure command names. */
  accountNotFound: 'ACCOUNT.NOT_FOUND',
  /** SuspendAccount: the account is not ACTIVE (PENDING, DELETED, or suspended by another saga). */
  notActive: 'ACCOUNT.NOT_ACTIVE',
  /** SuspendAccount: this saga already released the account (a suspension arriving after its compensation). */
  suspensionReleased: 'ACCOUNT.SUSPENSION_RELEASED',
  /** CloseAccount: the account is not SUSPENDED by this saga. */
  notSuspended: 'ACCOUNT.NOT_SUSPENDED',
  /** A transient failure (the user store, or an injected `users.delete` fault): worth retrying. */
  unavailable: 'ACCOUNT.UNAVAILABLE',
} as const;
