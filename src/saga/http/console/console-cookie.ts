import type { Request, Response } from 'express';
import { SESSION_TTL_MS } from './console-sessions.js';

export const SESSION_COOKIE = 'console_session';

/**
 * The session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site's page
 * sends it), Path=/console (the API never sees it: its bearer auth stays the only one there),
 * Secure when the request itself came over TLS. No trust-proxy setting exists, so behind a
 * TLS-terminating proxy it is not marked Secure; the proxy may add it.
 */
export function setSessionCookie(request: Request, response: Response, value: string): void {
  response.cookie(SESSION_COOKIE, value, { httpOnly: true, sameSite: 'strict', path: '/console', secure: request.secure, maxAge: SESSION_TTL_MS });
}

export function clearSessionCookie(request: Request, response: Response): void {
  response.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', path: '/console', secure: request.secure });
}

/**
 * One cookie's value from the Cookie header. Hand-read: it is one name, and cookie-parser would
 * be a dependency (and a parse of every cookie on every request) for it.
 */
export function readCookie(request: Request, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}
