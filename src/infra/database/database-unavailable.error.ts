import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { DomainError } from '../domain-error.js';
import { errorMessage } from '../error-message.js';

/**
 * The database could not commit (or could not be reached): nothing of the work was written.
 * Requests that must write answer 503 `DATABASE.UNAVAILABLE` rather than acknowledge it, and
 * the caller may simply try again once the database is back (see UnitOfWork).
 */
export class DatabaseUnavailableError extends DomainError {
  constructor(override readonly cause: unknown) {
    super('DATABASE.UNAVAILABLE', 'unavailable', 'The database cannot commit right now; nothing was written. Try again later.');
    this.name = 'DatabaseUnavailableError';
  }

  /** What the database said, for the logs (the HTTP answer keeps to the message above). */
  get reason(): string {
    return errorMessage(this.cause);
  }

  /** `error` as a DatabaseUnavailableError (itself when it already is one). */
  static of(error: unknown): DatabaseUnavailableError {
    return error instanceof DatabaseUnavailableError ? error : new DatabaseUnavailableError(error);
  }
}

/**
 * SQLite result codes (extended codes start with these) that say the database itself failed,
 * not the statement: the disk, the file, its lock. Any job would have failed the same way.
 */
const SQLITE_FAILURES = ['SQLITE_IOERR', 'SQLITE_FULL', 'SQLITE_READONLY', 'SQLITE_CANTOPEN', 'SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_BUSY', 'SQLITE_NOMEM', 'SQLITE_PROTOCOL'];

/**
 * PostgreSQL SQLSTATE classes and codes of the same kind: 08 connection exception, 53
 * insufficient resources (disk full), 58 system error (I/O), 57P01-57P03 the server shutting
 * down or terminating the session, 25006 a read-only transaction (a standby).
 */
const POSTGRES_CLASSES = ['08', '53', '58'];
const POSTGRES_CODES = ['57P01', '57P02', '57P03', '25006'];
/** Socket-level failures node-postgres reports without a SQLSTATE. */
const SOCKET_CODES = ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND'];
const LOST_CONNECTION = /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect/i;

/**
 * Whether `error` means the database failed rather than the work: a disk that cannot be
 * written, a lost or refused connection. A constraint violation or a bad statement is not.
 */
export function isDatabaseFailure(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError) return true;
  // TypeORM releases the query runner of a client whose connection failed, so the statements
  // after the failure meet a released runner rather than the connection's error.
  if (error instanceof QueryRunnerAlreadyReleasedError || error instanceof QueryRunnerProviderAlreadyReleasedError) return true;
  // Duck-typed, not `instanceof Error`: a driver's errors may come from another realm (Jest's vm).
  const cause = (error instanceof QueryFailedError ? error.driverError : error) as { code?: unknown; severity?: unknown; message?: unknown } | null;
  if (typeof cause !== 'object' || cause === null) return false;
  // node-postgres: a FATAL or PANIC error ends the session (a refused or terminated connection).
  if (cause.severity === 'FATAL' || cause.severity === 'PANIC') return true;
  const code = cause.code;
  if (typeof code === 'string') {
    if (code.startsWith('SQLITE_')) return SQLITE_FAILURES.some((prefix) => code === prefix || code.startsWith(`${prefix}_`));
    if (SOCKET_CODES.includes(code)) return true;
    if (/^[0-9A-Z]{5}$/.test(code)) return POSTGRES_CLASSES.includes(code.slice(0, 2)) || POSTGRES_CODES.includes(code);
  }
  return typeof cause.message === 'string' && LOST_CONNECTION.test(cause.message);
}
