import { randomUUID } from 'node:crypto';

/**
 * An id as the sandbox's provider would hand it out (`ch_...`, `msg_...`): 24 hex digits, 92 of
 * their bits random. From randomUUID, which Node serves from a pool it refills 128 ids at a
 * time: `randomBytes(12)` asked the system each time, 1 % of the thread per saga under load.
 */
export function sandboxId(prefix: string): string {
  const uuid = randomUUID();
  return `${prefix}_${uuid.slice(0, 8)}${uuid.slice(9, 13)}${uuid.slice(14, 18)}${uuid.slice(19, 23)}${uuid.slice(24, 28)}`;
}
