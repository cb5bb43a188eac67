import { describe, expect, it } from '@jest/globals';
import { aRegistration } from './support/sagas.js';
import { suiteApp, TEST_KEYS } from './support/test-app.js';

const bearer = (role: keyof typeof TEST_KEYS) => `Bearer ${TEST_KEYS[role]}`;

describe('POST rate limit (RATE_LIMIT_PER_MINUTE)', () => {
  const t = suiteApp({ RATE_LIMIT_PER_MINUTE: '3' });

  it('answers 429 with Retry-After once an address has sent the minute’s anonymous POSTs, reads never', async () => {
    const anonymous = () => t.http.post('/registrations').unset('Authorization');
    const first = await anonymous().send(aRegistration()).expect(202);
    expect(first.headers['ratelimit-limit']).toBe('3');
    expect(first.headers['ratelimit-remaining']).toBe('2');
    // A route that authenticates nobody counts by address, whatever key comes along.
    await t.http.post('/registrations').send(aRegistration()).expect(202);
    await anonymous().send(aRegistration()).expect(202);

    const refused = await anonymous().send(aRegistration()).expect(429);
    expect(refused.body).toEqual({ statusCode: 429, error: 'Too Many Requests', message: 'Too many requests: at most 3 POST requests a minute from one client' });
    const retryAfter = Number(refused.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);

    // Refused requests started nothing, and reads still answer.
    expect((await t.http.get('/sagas').expect(200)).body.items).toHaveLength(3);
    await t.http.get('/health').expect(200);
  });

  it('an operator’s key has its own budget: an anonymous flood from the same address does not lock it out of retry and resolve, which count together', async () => {
    // The previous test spent this address's budget.
    await t.http.post('/registrations').unset('Authorization').send(aRegistration()).expect(429);
    const operator = (path: string) => t.http.post(path).set('Authorization', bearer('operator'));
    await operator('/sagas/no-such-saga/retry').expect(404);
    await operator('/incidents/INC-2000-01-01-001/resolve').send({ note: 'x' }).expect(404);
    // Every key on its own: the admin's is untouched by the operator's.
    await t.http.post('/sagas/no-such-saga/retry').set('Authorization', bearer('admin')).expect(404);
    await operator('/sagas/no-such-saga/retry').expect(404);
    const refused = await operator('/sagas/no-such-saga/retry').expect(429);
    expect(refused.body.message).toBe('Too many requests: at most 3 POST requests a minute from one client');
  });
});

describe('RATE_LIMIT_PER_MINUTE=0', () => {
  const t = suiteApp({ RATE_LIMIT_PER_MINUTE: '0' });

  it('limits nothing', async () => {
    for (let i = 0; i < 10; i++) await t.http.post('/sagas/no-such-saga/retry').expect(404);
  });
});
