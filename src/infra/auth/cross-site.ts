import type { IncomingHttpHeaders } from 'node:http';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether a browser says this state-changing request comes from another site. Browsers cannot
 * attach our Bearer header cross-site, so this is defence in depth, for the day a page of ours
 * signs in with a cookie: a form on another site must change nothing even then.
 *
 * The rule is Go's `http.CrossOriginProtection` (Filippo Valsorda's write-up of it): trust
 * `Sec-Fetch-Site` when it is there (only `same-origin` and `none`, a user's own navigation,
 * pass: a sibling subdomain is another party), else compare `Origin` with `Host` (older
 * browsers); a request with neither is not from a browser, and passes.
 */
export function isCrossSiteWrite(method: string, headers: IncomingHttpHeaders): boolean {
  if (SAFE_METHODS.has(method)) return false;
  const site = headers['sec-fetch-site'];
  if (site !== undefined) return site !== 'same-origin' && site !== 'none';
  const origin = headers.origin;
  if (origin === undefined) return false;
  try {
    return new URL(origin).host !== headers.host;
  } catch {
    // "null" (a sandboxed frame, a file) or garbage: not our page.
    return true;
  }
}
