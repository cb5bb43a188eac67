/** An e-mail address anywhere in a text: local part, `@`, a domain with a dot. */
const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)/g;

/**
 * `ada@example.com` → `a***@example.com`: enough for a person to tell registrations apart in
 * the logs, not enough to collect addresses from them. Idempotent (`*` is not part of an
 * address), so masking twice is harmless.
 */
export function maskEmails(text: string): string {
  return text.replace(EMAIL, '$1***@$2');
}
