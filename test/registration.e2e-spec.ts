import { describe, expect, it } from '@jest/globals';
import { aRegistration, historyTypes, register, setFaults, step, waitForSaga } from './support/sagas.js';
import { suiteApp } from './support/test-app.js';

describe('registration saga: the seed scenarios', () => {
  const t = suiteApp();

  it('(1) completes when every step succeeds: user ACTIVE, one payment CHARGED, one e-mail SENT', async () => {
    const started = await t.http.post('/registrations').send(aRegistration({ amount: 99.99 })).expect(202);
    expect(started.headers.location).toBe(`/sagas/${started.body.sagaId}`);
    expect(started.body.type).toBe('user-registration');

    const saga = await waitForSaga(t.http, started.body.sagaId);
    expect(saga.status).toBe('COMPLETED');
    // The 202 shows the saga as its start committed it: the first entries of the same history.
    expect(started.body).toMatchObject({ status: 'RUNNING', createdAt: saga.createdAt, email: saga.email, amount: 99.99, userId: null });
    expect(started.body.steps.map((s: { name: string }) => s.name)).toEqual(saga.steps.map((s) => s.name));
    expect(started.body.history.length).toBeGreaterThan(0);
    expect(saga.history.slice(0, started.body.history.length)).toEqual(started.body.history);
    expect(saga.steps.map((s) => [s.name, s.status, s.attempts, s.compensationAttempts])).toEqual([
      ['create-account', 'SUCCEEDED', 1, 0],
      ['charge-payment', 'SUCCEEDED', 1, 0],
      ['send-notification', 'SUCCEEDED', 1, 0],
    ]);
    expect(step(saga, 'charge-payment').output).toEqual({ transactionId: saga.transactionId, amount: 99.99, currency: 'USD' });
    expect(historyTypes(saga)).not.toContain('CompensationStarted');

    const user = await t.http.get(`/users/${saga.userId}`).expect(200);
    expect(user.body.status).toBe('ACTIVE');
    const payments = await t.http.get('/payments').query({ userId: saga.userId }).expect(200);
    expect(payments.body).toHaveLength(1);
    expect(payments.body[0]).toMatchObject({ id: saga.transactionId, status: 'CHARGED', amount: 99.99, currency: 'USD' });
    const notifications = await t.http.get('/notifications').query({ userId: saga.userId }).expect(200);
    expect(notifications.body).toHaveLength(1);
    expect(notifications.body[0]).toMatchObject({ id: saga.notificationId, channel: 'email', status: 'SENT' });
  });

  it('(2a) rolls back a declined card: account deleted, nothing to refund', async () => {
    const started = await register(t.http, aRegistration({ paymentMethod: 'pm_card_chargeDeclinedInsufficientFunds' }));
    const saga = await waitForSaga(t.http, started.sagaId);

    expect(saga.status).toBe('ROLLED_BACK');
    expect(saga.steps.map((s) => [s.name, s.status])).toEqual([
      ['create-account', 'COMPENSATED'],
      ['charge-payment', 'FAILED'],
      ['send-notification', 'PENDING'],
    ]);
    // A business failure is not retried, and a step that failed is not compensated.
    expect(step(saga, 'charge-payment')).toMatchObject({ attempts: 1, compensationAttempts: 0 });
    expect(step(saga, 'charge-payment').error).toContain('insufficient_funds');
    expect(historyTypes(saga)).not.toContain('PaymentRefunded');

    expect((await t.http.get(`/users/${saga.userId}`)).body.status).toBe('DELETED');
    const payments = await t.http.get('/payments').query({ userId: saga.userId }).expect(200);
    expect(payments.body.map((p: { status: string }) => p.status)).toEqual(['DECLINED']);
  });

  it('(2b) refunds, then deletes the account, when the welcome e-mail cannot be sent', async () => {
    const body = aRegistration();
    await setFaults(t.http, [{ operation: 'notifications.send', mode: 'error', message: 'SMTP connection timeout', email: body.email }]);
    const saga = await waitForSaga(t.http, (await register(t.http, body)).sagaId);

    expect(saga.status).toBe('ROLLED_BACK');
    expect(saga.steps.map((s) => [s.name, s.status])).toEqual([
      ['create-account', 'COMPENSATED'],
      ['charge-payment', 'COMPENSATED'],
      ['send-notification', 'FAILED'],
    ]);
    expect(step(saga, 'send-notification')).toMatchObject({ attempts: 3, compensationAttempts: 0, error: 'SMTP connection timeout' });
    const compensations = saga.history.filter((h) => h.type === 'CompensationStarted').map((h) => h.step);
    expect(compensations).toEqual(['charge-payment', 'create-account']);
    const refundedAt = historyTypes(saga).indexOf('PaymentRefunded');
    expect(refundedAt).toBeGreaterThan(0);
    expect(refundedAt).toBeLessThan(historyTypes(saga).indexOf('AccountDeleted'));

    const payments = await t.http.get('/payments').query({ userId: saga.userId }).expect(200);
    expect(payments.body).toHaveLength(1);
    expect(payments.body[0].status).toBe('REFUNDED');
    expect(payments.body[0].refundId).toMatch(/^re_/);
    expect((await t.http.get(`/users/${saga.userId}`)).body.status).toBe('DELETED');
    const notifications = await t.http.get('/notifications').query({ userId: saga.userId }).expect(200);
    expect(notifications.body.map((n: { status: string }) => n.status)).toEqual(['FAILED']);
    await setFaults(t.http, []);
  });

  it('keeps the user PENDING while the saga runs (semantic lock)', async () => {
    const body = aRegistration();
    await setFaults(t.http, [{ operation: 'payments.charge', mode: 'hang', email: body.email }]);
    const started = await register(t.http, body);
    const running = await waitForSaga(t.http, started.sagaId, (s) => s.userId !== null);
    expect(running.status).toBe('RUNNING');
    expect((await t.http.get(`/users/${running.userId}`)).body.status).toBe('PENDING');
    await setFaults(t.http, []);
  });
});
