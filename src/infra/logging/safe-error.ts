import { maskEmails } from './mask-email.js';

/** What a log line holds of an error: its type, message and stack, masked, and its cause's. */
export interface SafeError {
  type: string;
  message: string;
  stack?: string;
  cause?: SafeError;
}

/** Deep enough for a DatabaseUnavailableError → QueryFailedError → driver error chain. */
const MAX_CAUSES = 3;

/**
 * pino's `err` serializer. The standard one copies every enumerable field, so a TypeORM
 * QueryFailedError brought its `parameters` (an e-mail, a name), `query` and `driverError` into
 * the line; this keeps type, message and stack only, e-mails masked, and the same of its cause
 * (a DatabaseUnavailableError's says what the database answered). pino-http hands a custom
 * serializer the standard one's output, whose non-enumerable `raw` is the error itself.
 */
export function safeError(value: unknown): SafeError {
  return shape((value as { raw?: unknown } | null)?.raw ?? value, 0);
}

function shape(error: unknown, depth: number): SafeError {
  if (!(error instanceof Error)) return { type: typeof error, message: maskEmails(String(error)) };
  const safe: SafeError = { type: error.constructor?.name || error.name, message: maskEmails(error.message) };
  if (error.stack) safe.stack = maskEmails(error.stack);
  if (error.cause !== undefined && depth < MAX_CAUSES) safe.cause = shape(error.cause, depth + 1);
  return safe;
}
