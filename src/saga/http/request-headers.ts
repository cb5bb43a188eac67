import { BadRequestException } from '@nestjs/common';
import { parseStrictInteger } from '../../infra/http/validation/strict-integer.js';

export const MAX_WAIT_SECONDS = 30;

/** `Idempotency-Key`: absent, or 1 to 255 characters. */
export function parseIdempotencyKey(header: string | undefined): string | null {
  if (header === undefined) return null;
  if (header.length === 0 || header.length > 255) {
    throw new BadRequestException('Idempotency-Key must be 1 to 255 characters');
  }
  return header;
}

/**
 * Seconds asked for by `Prefer: wait=N` (RFC 7240), 0 when absent. N is decimal digits only
 * (delta-seconds; quoted is allowed): `wait=0x1`, `wait=1e1`, `wait= 5` are refused rather than
 * read the way `Number()` would. Only the first `wait` counts, as RFC 7240 says.
 */
export function parsePreferWait(header: string | undefined): number {
  const wait = header
    ?.split(',')
    .map((preference) => preference.split(';')[0].trim())
    .find((preference) => /^wait(?![!#$%&'*+.^_`|~0-9a-z-])/i.test(preference));
  if (wait === undefined) return 0;
  const digits = /^wait=("?)([0-9]+)\1$/i.exec(wait)?.[2];
  const seconds = digits === undefined ? null : parseStrictInteger(digits);
  if (seconds === null || seconds > MAX_WAIT_SECONDS) {
    throw new BadRequestException(`Prefer: wait must be a whole number of seconds from 0 to ${MAX_WAIT_SECONDS}`);
  }
  return seconds;
}
