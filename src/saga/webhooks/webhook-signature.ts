import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * `Webhook-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, as the contract
 * has it. Hand-written: it is one HMAC, and the libraries that sign webhooks (svix,
 * standardwebhooks) use another header format.
 */
export function signWebhook(secret: string, body: string, unixSeconds: number): string {
  const v1 = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${v1}`;
}

/** A receiver's check: whether `header` signs `body` with `secret` (constant-time). */
export function verifyWebhook(secret: string, body: string, header: string): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!match) return false;
  const expected = Buffer.from(signWebhook(secret, body, Number(match[1])));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Backoff of failed delivery `n` (1-based): base * 2^(n-1) plus up to 10 % jitter, capped. */
export function webhookBackoffMs(n: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const exponential = baseMs * 2 ** Math.min(n - 1, 40);
  return Math.round(Math.min(exponential + exponential * 0.1 * random(), maxMs));
}
