import { describe, expect, it } from '@jest/globals';
import { aRegistration, FINAL, type Registration, register, setFaults, waitForSaga } from './support/sagas.js';
import { suiteApp } from './support/test-app.js';

describe('concurrency', () => {
  const t = suiteApp();

  it('200 registrations at once all finish, with every invariant holding and no row lost', async () => {
    const methods = ['pm_card_visa', 'pm_card_mastercard', 'pm_card_chargeDeclined', 'pm_card_visa', 'pm_card_chargeDeclinedInsufficientFunds'];
    const bodies: Registration[] = Array.from({ length: 200 }, (_, i) => aRegistration({ paymentMethod: methods[i % methods.length] }));
    const mailFailing = bodies.filter((_, i) => i % 7 === 3);
    await setFaults(t.http, mailFailing.map((b) => ({ operation: 'notifications.send', mode: 'error', email: b.email })));

    const started = await Promise.all(bodies.map((b) => register(t.http, b)));
    expect(new Set(started.map((s) => s.sagaId)).size).toBe(200);
    const sagas = await Promise.all(started.map((s) => waitForSaga(t.http, s.sagaId, undefined, 60_000)));

    for (const [i, saga] of sagas.entries()) {
      const body = bodies[i];
      const expected = body.paymentMethod.includes('Declined') ? 'ROLLED_BACK' : mailFailing.includes(body) ? 'ROLLED_BACK' : 'COMPLETED';
      expect([saga.sagaId, saga.status]).toEqual([saga.sagaId, expected]);
      expect(FINAL).toContain(saga.status);
      const user = (await t.http.get(`/users/${saga.userId}`).expect(200)).body;
      const payments = (await t.http.get('/payments').query({ userId: saga.userId })).body as Array<{ status: string }>;
      const mails = (await t.http.get('/notifications').query({ userId: saga.userId })).body as Array<{ status: string }>;
      expect(user.email).toBe(body.email);
      if (saga.status === 'COMPLETED') {
        expect(user.status).toBe('ACTIVE');
        expect(payments.map((p) => p.status)).toEqual(['CHARGED']);
        expect(mails.map((m) => m.status)).toEqual(['SENT']);
      } else {
        expect(user.status).toBe('DELETED');
        expect(payments.filter((p) => p.status === 'CHARGED')).toHaveLength(0);
        expect(payments).toHaveLength(1);
        expect(mails.filter((m) => m.status === 'SENT')).toHaveLength(0);
      }
    }
    const listed = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: unknown[]; nextCursor: string | null } } = await t.http.get('/sagas').query({ limit: 100, ...(cursor ? { cursor } : {}) });
      listed.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(listed.length).toBeGreaterThanOrEqual(200);
    await setFaults(t.http, []);
  }, 90_000);

  it('two simultaneous registrations of one e-mail: one 202, one 409', async () => {
    const body = aRegistration();
    const answers = await Promise.all([
      t.http.post('/registrations').send(body),
      t.http.post('/registrations').send({ ...body, paymentMethod: 'pm_card_mastercard' }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([202, 409]);
  });

  it('50 duplicate POSTs with one Idempotency-Key, sent at once, make one saga and one charge', async () => {
    const body = aRegistration();
    const answers = await Promise.all(Array.from({ length: 50 }, () => t.http.post('/registrations').set('Idempotency-Key', `dup-${body.email}`).send(body)));
    expect(answers.every((a) => a.status === 202 || a.status === 200)).toBe(true);
    const sagaIds = new Set(answers.map((a) => a.body.sagaId));
    expect(sagaIds.size).toBe(1);
    const saga = await waitForSaga(t.http, [...sagaIds][0]);
    expect(saga.status).toBe('COMPLETED');
    expect((await t.http.get('/payments').query({ userId: saga.userId })).body).toHaveLength(1);
  });
});
