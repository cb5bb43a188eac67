/** What went wrong, in words a transport can map to its own status codes. */
export type DomainErrorKind = 'not_found' | 'conflict' | 'unprocessable' | 'invalid' | 'unavailable';

/**
 * A refusal the domain makes on purpose, with a stable code (`REGISTRATION.EMAIL_TAKEN`).
 * Modules throw these below the controllers; the HTTP exception filter maps `kind` to a status.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly kind: DomainErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
