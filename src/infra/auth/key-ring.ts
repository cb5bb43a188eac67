import { createHash, timingSafeEqual } from 'node:crypto';
import type { Principal } from './access.decorator.js';
import type { ApiKey } from './api-keys.js';

const digest = (secret: string) => createHash('sha256').update(secret, 'utf8').digest();

/**
 * The configured credentials, looked up in constant time. Both sides are hashed first, so the
 * comparison is between equal-length digests (timingSafeEqual needs that, and a secret's length
 * is not revealed), and every key is compared whatever matched, so the time taken does not tell
 * which key, or whether any, matched. Hand-written because it is these ten lines: no library
 * does the "look at every key" part.
 */
export class KeyRing {
  private readonly keys: Array<{ principal: Principal; digest: Buffer }>;

  constructor(keys: readonly ApiKey[]) {
    this.keys = keys.map(({ name, role, secret }) => ({ principal: { name, role }, digest: digest(secret) }));
  }

  get size(): number {
    return this.keys.length;
  }

  /** The credential whose secret this is, or undefined. */
  identify(secret: string): Principal | undefined {
    const presented = digest(secret);
    let found: Principal | undefined;
    for (const key of this.keys) {
      const equal = timingSafeEqual(presented, key.digest);
      if (equal && !found) found = key.principal;
    }
    return found;
  }
}
