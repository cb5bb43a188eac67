import { createHmac, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config.js';
import type { Principal } from '../../../infra/auth/access.decorator.js';
import { KeyRing } from '../../../infra/auth/key-ring.js';

/** How long a sign-in lasts: a shift on call, not a week. */
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;

/** A signed-in person: the key's name and role, and when the sign-in ends. */
export interface ConsoleSession extends Principal {
  expiresAt: number;
  /** The token every form of this session carries (see csrfToken). */
  csrf: string;
}

const mac = (key: Buffer, text: string) => createHmac('sha256', key).update(text, 'utf8').digest();
const same = (a: Buffer, b: Buffer) => a.length === b.length && timingSafeEqual(a, b);

/**
 * Stateless console sessions: the cookie is `<key name>.<expiry>.<HMAC>`, signed with a key
 * derived from that API key's own secret. So no secret is in the cookie and nothing is stored:
 * rotating (or removing) a key ends its sessions, several instances with the same API_KEYS accept
 * each other's cookies, and a restart signs nobody out. The role is read from the current
 * API_KEYS on every request, never from the cookie, so a demotion applies at once.
 *
 * The CSRF token is an HMAC of the session under a second derived key (OWASP's "signed
 * double-submit" / HMAC token pattern): tied to the session, stateless, and useless to a page on
 * another site, which can neither read the cookie (HttpOnly, SameSite=Strict) nor compute it.
 */
@Injectable()
export class ConsoleSessions {
  private readonly keys = new Map<string, { role: Principal['role']; session: Buffer; csrf: Buffer }>();

  /** The API's own constant-time lookup of a secret, over the same keys. */
  private readonly ring: KeyRing;

  constructor(config: AppConfig) {
    this.ring = new KeyRing(config.API_KEYS);
    for (const { name, role, secret } of config.API_KEYS) {
      const derive = (purpose: string) => mac(Buffer.from(secret, 'utf8'), `registration-saga console ${purpose} v1`);
      this.keys.set(name, { role, session: derive('session'), csrf: derive('csrf') });
    }
  }

  /** Whether any API key is configured (with none, nobody can sign in). */
  get configured(): boolean {
    return this.keys.size > 0;
  }

  /** The principal whose secret this is (constant time, as the API's bearer check), or undefined. */
  identify(secret: string): Principal | undefined {
    return this.ring.identify(secret);
  }

  /** The cookie value of a new session for this key. */
  issue(name: string, now = Date.now()): string {
    const key = this.keys.get(name);
    if (!key) throw new Error(`no API key named ${name}`);
    const payload = `${name}.${now + SESSION_TTL_MS}`;
    return `${payload}.${mac(key.session, payload).toString('base64url')}`;
  }

  /** The session a cookie value stands for, or null (forged, expired, or its key rotated away). */
  verify(cookie: string | undefined, now = Date.now()): ConsoleSession | null {
    const match = /^([A-Za-z0-9._@-]{1,64})\.([0-9]{13,16})\.([A-Za-z0-9_-]{43})$/.exec(cookie ?? '');
    if (!match) return null;
    const [, name, expiry, signature] = match;
    const key = this.keys.get(name);
    if (!key || !same(mac(key.session, `${name}.${expiry}`), Buffer.from(signature, 'base64url'))) return null;
    const expiresAt = Number(expiry);
    if (expiresAt <= now) return null;
    return { name, role: key.role, expiresAt, csrf: mac(key.csrf, `${name}.${expiry}`).toString('base64url') };
  }

  /** Whether a form's token is this session's (constant time). */
  csrfMatches(session: ConsoleSession, presented: unknown): boolean {
    return typeof presented === 'string' && same(Buffer.from(session.csrf), Buffer.from(presented));
  }
}
