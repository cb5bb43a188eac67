import { describe, expect, it } from '@jest/globals';
import { AppConfig } from '../../../config/app-config.js';
import type { ApiKey } from '../../../infra/auth/api-keys.js';
import { ConsoleSessions, SESSION_TTL_MS } from './console-sessions.js';

const ANNA: ApiKey = { name: 'anna', role: 'operator', secret: 'anna-secret-0123456789abcdef' };
const GRAFANA: ApiKey = { name: 'grafana', role: 'viewer', secret: 'grafana-secret-0123456789abcdef' };
const sessions = (...keys: ApiKey[]) => new ConsoleSessions(Object.assign(new AppConfig(), { API_KEYS: keys }));

describe('ConsoleSessions', () => {
  it('issues a cookie that names the key and its expiry, holds no secret, and verifies to that key with its current role', () => {
    const now = 1_800_000_000_000;
    const cookie = sessions(ANNA, GRAFANA).issue('anna', now);
    expect(cookie).toMatch(new RegExp(`^anna\\.${now + SESSION_TTL_MS}\\.[A-Za-z0-9_-]{43}$`));
    expect(cookie).not.toContain(ANNA.secret);
    // Another process with the same keys accepts it; the role comes from its API_KEYS.
    expect(sessions(GRAFANA, { ...ANNA, role: 'viewer' }).verify(cookie, now + 1)).toMatchObject({ name: 'anna', role: 'viewer', expiresAt: now + SESSION_TTL_MS });
  });

  it('refuses an expired cookie, a tampered one, one of another key, and one whose key was rotated or removed', () => {
    const now = 1_800_000_000_000;
    const cookie = sessions(ANNA).issue('anna', now);
    expect(sessions(ANNA).verify(cookie, now + SESSION_TTL_MS)).toBeNull();
    expect(sessions(ANNA, GRAFANA).verify(cookie.replace('anna', 'grafana'), now)).toBeNull();
    expect(sessions(ANNA).verify(cookie.replace(/\.(\d+)\./, (_, e: string) => `.${Number(e) + 1}.`), now)).toBeNull();
    expect(sessions({ ...ANNA, secret: 'anna-rotated-0123456789abcdef' }).verify(cookie, now)).toBeNull();
    expect(sessions(GRAFANA).verify(cookie, now)).toBeNull();
    expect(sessions(ANNA).verify(undefined, now)).toBeNull();
    expect(sessions(ANNA).verify('garbage', now)).toBeNull();
  });

  it('ties the CSRF token to the session: the same sign-in gets the same token, another sign-in another', () => {
    const s = sessions(ANNA, GRAFANA);
    const one = s.verify(s.issue('anna', 1_800_000_000_000), 1_800_000_000_001)!;
    const again = s.verify(s.issue('anna', 1_800_000_000_000), 1_800_000_000_001)!;
    const other = s.verify(s.issue('grafana', 1_800_000_000_000), 1_800_000_000_001)!;
    expect(s.csrfMatches(one, again.csrf)).toBe(true);
    expect(s.csrfMatches(one, other.csrf)).toBe(false);
    expect(s.csrfMatches(one, undefined)).toBe(false);
    expect(s.csrfMatches(one, `${one.csrf}x`)).toBe(false);
  });

  it('identifies a secret as the API does, and says when no key is configured', () => {
    expect(sessions(ANNA).identify(ANNA.secret)).toEqual({ name: 'anna', role: 'operator' });
    expect(sessions(ANNA).identify(GRAFANA.secret)).toBeUndefined();
    expect(sessions().configured).toBe(false);
  });
});
