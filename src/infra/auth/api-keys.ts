import { ROLES, type Role } from './access.decorator.js';

/** One credential of `API_KEYS`: who it is (recorded as the actor), what it may do, its secret. */
export interface ApiKey {
  name: string;
  role: Role;
  secret: string;
}

export const MIN_SECRET_LENGTH = 24;

/** Why `API_KEYS` was refused, in words that never repeat a secret (see parseApiKeys). */
export class InvalidApiKeys {
  constructor(readonly reason: string) {}
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

/**
 * Parses `name:role:secret,name:role:secret`. A refusal names the entry by its position only:
 * a misplaced field (`name:secret:role`, a missing colon) would otherwise echo a secret into
 * the start-up error, which ends up in a log.
 */
export function parseApiKeys(text: string): ApiKey[] | InvalidApiKeys {
  const entries = text.split(',').map((entry) => entry.trim());
  const keys: ApiKey[] = [];
  for (const [index, entry] of entries.entries()) {
    const where = `entry ${index + 1} of ${entries.length}`;
    const fields = entry.split(':');
    if (fields.length < 3) return new InvalidApiKeys(`${where} is not name:role:secret`);
    const [name, role, ...rest] = fields;
    const secret = rest.join(':');
    if (!NAME.test(name)) return new InvalidApiKeys(`${where}: the name must be 1 to 64 letters, digits or . _ @ - (starting with a letter or digit)`);
    if (!(ROLES as readonly string[]).includes(role)) return new InvalidApiKeys(`${where}: the role must be one of ${ROLES.join(', ')}`);
    if (secret.length < MIN_SECRET_LENGTH) return new InvalidApiKeys(`${where}: the secret must have at least ${MIN_SECRET_LENGTH} characters`);
    if (/\s/.test(secret)) return new InvalidApiKeys(`${where}: the secret must not contain white space`);
    if (keys.some((key) => key.name === name)) return new InvalidApiKeys(`${where}: the name ${name} is used twice`);
    if (keys.some((key) => key.secret === secret)) return new InvalidApiKeys(`${where}: its secret is the same as another entry's`);
    keys.push({ name, role: role as Role, secret });
  }
  return keys;
}
