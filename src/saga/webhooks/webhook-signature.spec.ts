import { createHmac } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { signWebhook, verifyWebhook, webhookBackoffMs } from './webhook-signature.js';

describe('webhook signature', () => {
  const body = '{"id":"1","type":"saga.completed","createdAt":"2026-12-01T00:00:00.000Z","data":{}}';

  it('is t=<seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">', () => {
    const expected = createHmac('sha256', 'the-secret-key-123').update(`1764547200.${body}`).digest('hex');
    expect(signWebhook('the-secret-key-123', body, 1764547200)).toBe(`t=1764547200,v1=${expected}`);
  });

  it('verifies only the body and secret it was made with', () => {
    const header = signWebhook('the-secret-key-123', body, 1764547200);
    expect(verifyWebhook('the-secret-key-123', body, header)).toBe(true);
    expect(verifyWebhook('another-secret-key', body, header)).toBe(false);
    expect(verifyWebhook('the-secret-key-123', `${body} `, header)).toBe(false);
    expect(verifyWebhook('the-secret-key-123', body, header.replace('t=1764547200', 't=1764547201'))).toBe(false);
  });
});

describe('webhook backoff', () => {
  it('doubles from the base, adds at most 10 % jitter, and stops at the cap', () => {
    expect([1, 2, 3, 4].map((n) => webhookBackoffMs(n, 1000, 3_600_000, () => 0))).toEqual([1000, 2000, 4000, 8000]);
    expect(webhookBackoffMs(3, 1000, 3_600_000, () => 1)).toBe(4400);
    expect(webhookBackoffMs(30, 1000, 3_600_000, () => 0.5)).toBe(3_600_000);
  });
});
