import { describe, expect, it } from '@jest/globals';
import { aRegistration, register, waitForSaga } from './support/sagas.js';
import { suiteApp } from './support/test-app.js';

/** The error statuses and headers of CONTRACT.md, each pinned by a request. */
describe('HTTP contract', () => {
  const t = suiteApp();

  const expectError = (body: Record<string, unknown>, statusCode: number) => {
    expect(body.statusCode).toBe(statusCode);
    expect(typeof body.error).toBe('string');
    expect(body.message).toBeDefined();
    expect(JSON.stringify(body)).not.toMatch(/at .+\.(ts|js):\d+/);
  };

  describe('400 for bad input', () => {
    const cases: Array<[string, object]> = [
      ['unknown field', { ...aRegistration(), admin: true }],
      ['email missing', { amount: 10, paymentMethod: 'pm_card_visa' }],
      ['email malformed', aRegistration({ email: 'not-an-email' })],
      ['email over 254 characters', aRegistration({ email: `${'a'.repeat(250)}@example.com` })],
      ['name over 200 characters', aRegistration({ name: 'n'.repeat(201) })],
      ['amount as a string', { ...aRegistration(), amount: '99.99' }],
      ['amount zero', aRegistration({ amount: 0 })],
      ['amount negative', aRegistration({ amount: -5 })],
      ['amount with 3 decimals', aRegistration({ amount: 1.234 })],
      ['amount over 1000000', aRegistration({ amount: 1_000_000.01 })],
      ['currency not ISO 4217', aRegistration({ currency: 'XYZ' })],
      ['unknown payment method', aRegistration({ paymentMethod: 'pm_card_amex' })],
    ];
    it.each(cases)('%s', async (_, body) => {
      const response = await t.http.post('/registrations').send(body).expect(400);
      expectError(response.body, 400);
    });

    it('malformed JSON', async () => {
      const response = await t.http.post('/registrations').set('content-type', 'application/json').send('{"email": ').expect(400);
      expectError(response.body, 400);
    });

    it('Idempotency-Key over 255 characters', async () => {
      const response = await t.http.post('/registrations').set('Idempotency-Key', 'k'.repeat(256)).send(aRegistration()).expect(400);
      expectError(response.body, 400);
    });

    it('Prefer: wait over 30 seconds', async () => {
      const response = await t.http.post('/registrations').set('Prefer', 'wait=31').send(aRegistration()).expect(400);
      expectError(response.body, 400);
    });

    it('GET /payments and /notifications without userId', async () => {
      expectError((await t.http.get('/payments').expect(400)).body, 400);
      expectError((await t.http.get('/notifications').expect(400)).body, 400);
    });

    it('GET /sagas with an unknown status, a bad limit or a forged cursor', async () => {
      await t.http.get('/sagas').query({ status: 'DONE' }).expect(400);
      await t.http.get('/sagas').query({ limit: 0 }).expect(400);
      await t.http.get('/sagas').query({ limit: 101 }).expect(400);
      await t.http.get('/sagas').query({ cursor: 'garbage' }).expect(400);
    });

    it('no saga is started by a rejected request', async () => {
      const body = aRegistration({ paymentMethod: 'pm_bogus' });
      await t.http.post('/registrations').send(body).expect(400);
      const { body: page } = await t.http.get('/sagas').query({ limit: 100 }).expect(200);
      expect(page.items.map((s: { email: string }) => s.email)).not.toContain(body.email);
    });
  });

  it('413 for a body over 100 kB', async () => {
    const response = await t.http.post('/registrations').send({ ...aRegistration(), name: 'x'.repeat(110_000) }).expect(413);
    expectError(response.body, 413);
  });

  describe('404', () => {
    it.each(['/nowhere', '/sagas/does-not-exist', '/users/does-not-exist', '/incidents/INC-2000-01-01-001'])('%s', async (path) => {
      expectError((await t.http.get(path).expect(404)).body, 404);
    });

    it('POST /sagas/:id/retry for an unknown saga', async () => {
      await t.http.post('/sagas/does-not-exist/retry').expect(404);
    });
  });

  it('409 for an e-mail held by a PENDING or ACTIVE user, accepted again once the account is DELETED', async () => {
    const body = aRegistration();
    const first = await waitForSaga(t.http, (await register(t.http, body)).sagaId);
    expect(first.status).toBe('COMPLETED');
    const conflict = await t.http.post('/registrations').send({ ...body, email: body.email.toUpperCase() }).expect(409);
    expectError(conflict.body, 409);

    const declined = aRegistration({ paymentMethod: 'pm_card_chargeDeclined' });
    const rolledBack = await waitForSaga(t.http, (await register(t.http, declined)).sagaId);
    expect(rolledBack.status).toBe('ROLLED_BACK');
    const again = await register(t.http, { ...declined, paymentMethod: 'pm_card_visa' });
    expect((await waitForSaga(t.http, again.sagaId)).status).toBe('COMPLETED');
  });

  it('Prefer: wait=N answers 200 with the finished saga', async () => {
    const response = await t.http.post('/registrations').set('Prefer', 'wait=10').send(aRegistration()).expect(200);
    expect(response.body.status).toBe('COMPLETED');
    expect(response.headers.location).toBe(`/sagas/${response.body.sagaId}`);
  });

  describe('Idempotency-Key', () => {
    it('same key and body: the same saga, 200 once finished, and no second charge', async () => {
      const body = aRegistration();
      const key = `key-${body.email}`;
      const first = await t.http.post('/registrations').set('Idempotency-Key', key).set('Prefer', 'wait=10').send(body).expect(200);
      const replay = await t.http.post('/registrations').set('Idempotency-Key', key).send(body).expect(200);
      expect(replay.body.sagaId).toBe(first.body.sagaId);
      const payments = await t.http.get('/payments').query({ userId: first.body.userId }).expect(200);
      expect(payments.body).toHaveLength(1);
    });

    it('same key, different body: 422', async () => {
      const body = aRegistration();
      const key = `key-${body.email}`;
      await t.http.post('/registrations').set('Idempotency-Key', key).send(body).expect(202);
      const reuse = await t.http.post('/registrations').set('Idempotency-Key', key).send({ ...body, amount: 5 }).expect(422);
      expectError(reuse.body, 422);
    });
  });

  it('GET /sagas pages newest first and filters by status', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await register(t.http, aRegistration(), { Prefer: 'wait=10' })).sagaId);
    const first = await t.http.get('/sagas').query({ limit: 2, status: 'COMPLETED' }).expect(200);
    expect(first.body.items.map((s: { sagaId: string }) => s.sagaId)).toEqual([ids[2], ids[1]]);
    expect(first.body.items.every((s: { status: string }) => s.status === 'COMPLETED')).toBe(true);
    const second = await t.http.get('/sagas').query({ limit: 2, status: 'COMPLETED', cursor: first.body.nextCursor }).expect(200);
    expect(second.body.items[0].sagaId).toBe(ids[0]);
  });

  it('POST /sagas/:id/retry is 409 for a saga that is not PARTIALLY_ROLLED_BACK', async () => {
    const saga = await register(t.http, aRegistration(), { Prefer: 'wait=10' });
    expectError((await t.http.post(`/sagas/${saga.sagaId}/retry`).expect(409)).body, 409);
  });

  it('PUT /admin/faults rejects an unknown operation', async () => {
    await t.http.put('/admin/faults').send({ rules: [{ operation: 'users.explode', mode: 'error' }] }).expect(400);
  });
});

describe('fault injection switched off', () => {
  const t = suiteApp({ FAULT_INJECTION: 'off' });

  it('has no /admin/faults route', async () => {
    await t.http.get('/admin/faults').expect(404);
    await t.http.put('/admin/faults').send({ rules: [] }).expect(404);
  });
});
