/**
 * A transient failure of an outside provider (timeout, connection refused, 5xx): worth
 * retrying, and says nothing about the request itself.
 */
export class ProviderUnavailableError extends Error {
  override readonly name = 'ProviderUnavailableError';
}
