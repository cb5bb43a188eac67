import { BadRequestException } from '@nestjs/common';

export const MAX_WAIT_SECONDS = 30;

/** `Idempotency-Key`: absent, or 1 to 255 characters. */
export function parseIdempotencyKey(header: string | undefined): string | null {
  if (header === undefined) return null;
  if (header.length === 0 || header.length > 255) {
    throw new BadRequestException('Idempotency-Key must be 1 to 255 characters');
  }
  return header;
}

/** Seconds asked for by `Prefer: wait=N` (RFC 7240), 0 when absent. */
export function parsePreferWait(header: string | undefined): number {
  const match = header?.match(/(?:^|[,;\s])wait\s*=\s*"?([^,;\s"]*)"?/i);
  if (!match) return 0;
  const seconds = Number(match[1]);
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > MAX_WAIT_SECONDS) {
    throw new BadRequestException(`Prefer: wait must be a whole number of seconds from 0 to ${MAX_WAIT_SECONDS}`);
  }
  return seconds;
}
