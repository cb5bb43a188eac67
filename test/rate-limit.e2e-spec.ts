import { describe, expect, it } from '@jest/globals';
import { aRegistration } from './support/sagas.js';
import { suiteApp } from './support/test-app.js';

describe('POST rate limit (RATE_LIMIT_PER_MINUTE)', () => {
  const t = suiteApp({ RATE_LIMIT_PER_MINUTE: '3' });

  it('answers 429 with Retry-After once an address has sent the minute’s POSTs, all POST routes counted together, reads never', async () => {
    const first = await t.http.post('/registrations').send(aRegistration()).expect(202);
    expect(first.headers['ratelimit-limit']).toBe('3');
    expect(first.headers['ratelimit-remaining']).toBe('2');
    await t.http.post('/sagas/no-such-saga/retry').expect(404);
    await t.http.post('/registrations').send(aRegistration()).expect(202);

    const refused = await t.http.post('/registrations').send(aRegistration()).expect(429);
    expect(refused.body).toEqual({ statusCode: 429, error: 'Too Many Requests', message: 'Too many requests: at most 3 POST requests a minute from one address' });
    const retryAfter = Number(refused.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    await t.http.post('/incidents/INC-2000-01-01-001/resolve').send({ note: 'x' }).expect(429);

    // Refused requests started nothing, and reads still answer.
    expect((await t.http.get('/sagas').expect(200)).body.items).toHaveLength(2);
    await t.http.get('/health').expect(200);
  });
});

describe('RATE_LIMIT_PER_MINUTE=0', () => {
  const t = suiteApp({ RATE_LIMIT_PER_MINUTE: '0' });

  it('limits nothing', async () => {
    for (let i = 0; i < 10; i++) await t.http.post('/sagas/no-such-saga/retry').expect(404);
  });
});
