/**
 * An e-mail address anywhere in a text: local part, `@` (or `%40`, its percent-encoded form in
 * a URL), a domain with a dot.
 */
const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*(?:@|%40)([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)/g;

/** One component of a URL: what lies between its delimiters, decoded on its own. */
const URL_COMPONENT = /[^/?&=#;]+/g;

/**
 * `ada@example.com` → `a***@example.com`: enough for a person to tell registrations apart in
 * the logs, not enough to collect addresses from them. Idempotent (`*` is not part of an
 * address), so masking twice is harmless.
 */
export function maskEmails(text: string): string {
  // Most texts hold no address: two substring scans are much cheaper than the expression.
  if (!text.includes('@') && !text.includes('%40')) return text;
  return text.replace(EMAIL, '$1***@$2');
}

/**
 * A URL with every address masked, also one spelled percent-encoded (`ada%40example.com`,
 * `%61da%40example%2Ecom`): each component is decoded on its own and, when it holds an address,
 * replaced by the masked address encoded again (so a `%0A` beside it stays encoded). A component
 * that does not decode (a stray `%`) is masked as it is.
 */
export function maskUrlEmails(url: string): string {
  return maskEmails(
    url.replace(URL_COMPONENT, (component) => {
      let decoded: string;
      try {
        decoded = decodeURIComponent(component);
      } catch {
        return component;
      }
      const masked = maskEmails(decoded);
      return masked === decoded ? component : encodeURIComponent(masked).replace(/%40/g, '@');
    }),
  );
}
