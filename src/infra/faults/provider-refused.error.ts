/**
 * A provider refused the request itself (an SMTP 5xx for the recipient, a Stripe 4xx other than
 * a decline): asking again with the same request cannot help, so it is a business failure and
 * the saga compensates instead of retrying. The message is the provider's reason, without secrets.
 */
export class ProviderRefusedError extends Error {
  override readonly name = 'ProviderRefusedError';
}
