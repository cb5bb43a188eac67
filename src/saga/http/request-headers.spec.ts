import { describe, expect, it } from '@jest/globals';
import { parseIdempotencyKey, parsePreferWait } from './request-headers.js';

describe('Prefer: wait', () => {
  it.each([
    [undefined, 0],
    ['wait=0', 0],
    ['wait=5', 5],
    ['wait=30', 30],
    ['WAIT=7', 7],
    ['wait="10"', 10],
    ['wait=05', 5],
    ['respond-async, wait=3', 3],
    ['wait=4; foo=bar', 4],
    ['wait=2, wait=99', 2],
    ['handling=strict; wait=9', 0],
    ['waiting=9', 0],
    ['respond-async', 0],
  ])('%j is %p seconds', (header, seconds) => {
    expect(parsePreferWait(header)).toBe(seconds);
  });

  it.each(['wait=0x1', 'wait=1e1', 'wait= 5', 'wait =5', 'wait=-1', 'wait=31', 'wait=5.0', 'wait=', 'wait', 'wait="5', 'wait=\u0665'])('refuses %j', (header) => {
    expect(() => parsePreferWait(header)).toThrow('Prefer: wait must be a whole number of seconds from 0 to 30');
  });
});

describe('Idempotency-Key', () => {
  it('is absent, or 1 to 255 characters', () => {
    expect(parseIdempotencyKey(undefined)).toBeNull();
    expect(parseIdempotencyKey('k'.repeat(255))).toBe('k'.repeat(255));
    expect(() => parseIdempotencyKey('')).toThrow();
    expect(() => parseIdempotencyKey('k'.repeat(256))).toThrow();
  });
});
