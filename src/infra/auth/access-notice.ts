import { randomBytes } from 'node:crypto';
import type { ApiKey } from './api-keys.js';

/**
 * The start-up line about access: with no key configured, which routes answer and how to set
 * a key, with a freshly generated secret to copy (it grants nothing until it is configured);
 * otherwise the key names and roles, never a secret.
 */
export function accessNotice(keys: readonly ApiKey[]): { level: 'warn' | 'log'; text: string } {
  if (keys.length === 0) {
    const example = `me:admin:${randomBytes(24).toString('base64url')}`;
    return {
      level: 'warn',
      text:
        'API_KEYS is unset: only POST /registrations, GET /sagas/{id}, /health, /metrics and /docs answer, every other route is 401. ' +
        `To use them, start with a key, e.g. API_KEYS=${example} npm start, and send Authorization: Bearer <the part after the role>`,
    };
  }
  return { level: 'log', text: `API keys: ${keys.map((key) => `${key.name} (${key.role})`).join(', ')}` };
}
