import { describe, expect, it } from '@jest/globals';
import { aRegistration, register, type SagaView, setFaults, step, waitForSaga } from './support/sagas.js';
import { suiteApp, TEST_KEYS } from './support/test-app.js';

const OPERATOR = { Authorization: `Bearer ${TEST_KEYS.operator}` };
const VIEWER = { Authorization: `Bearer ${TEST_KEYS.viewer}` };

describe('account-closure saga', () => {
  const t = suiteApp({ SAGA_STUCK_AFTER_MS: '1500' });

  async function activeUser(body = aRegistration()) {
    const saga = await register(t.http, body, { Prefer: 'wait=10' });
    expect(saga.status).toBe('COMPLETED');
    return { userId: saga.userId!, email: body.email, body };
  }
  const close = (userId: string, headers: Record<string, string> = {}) =>
    t.http.post(`/users/${userId}/closure`).set({ ...OPERATOR, ...headers }).send({ reason: 'asked by the customer' });
  const user = async (id: string) => (await t.http.get(`/users/${id}`).set(VIEWER).expect(200)).body.status;
  const payments = async (userId: string) => (await t.http.get('/payments').set(VIEWER).query({ userId })).body as Array<{ status: string }>;
  const mails = async (userId: string) => (await t.http.get('/notifications').set(VIEWER).query({ userId })).body as Array<{ status: string }>;
  const steps = (saga: SagaView) => saga.steps.map((s) => [s.name, s.status]);

  it('closes an account: suspended, refunded once, goodbye sent, deleted; the e-mail can register again', async () => {
    const { userId, body } = await activeUser();
    const response = await close(userId, { Prefer: 'wait=10' }).expect(200);
    expect(response.headers.location).toBe(`/sagas/${response.body.sagaId}`);
    const saga: SagaView = response.body;
    expect(saga).toMatchObject({ type: 'account-closure', status: 'COMPLETED', userId, email: body.email });
    expect(steps(saga)).toEqual([
      ['suspend-account', 'SUCCEEDED'],
      ['refund-payment', 'SUCCEEDED'],
      ['send-goodbye-email', 'SUCCEEDED'],
      ['delete-account', 'SUCCEEDED'],
    ]);
    expect(await user(userId)).toBe('DELETED');
    expect((await payments(userId)).map((p) => p.status)).toEqual(['REFUNDED']);
    expect((await mails(userId)).map((m) => m.status)).toEqual(['SENT', 'SENT']);
    const again = await register(t.http, body, { Prefer: 'wait=10' });
    expect(again.status).toBe('COMPLETED');
    expect(again.userId).not.toBe(userId);
  });

  it('rolls back a failure before the pivot: the account is ACTIVE again and nothing was refunded', async () => {
    const { userId, email } = await activeUser();
    await setFaults(t.http, [{ operation: 'payments.refund', mode: 'error', message: 'gateway down', email }]);
    const saga = await waitForSaga(t.http, (await close(userId).expect(202)).body.sagaId);
    await setFaults(t.http, []);
    expect(saga.status).toBe('ROLLED_BACK');
    expect(steps(saga)).toEqual([
      ['suspend-account', 'COMPENSATED'],
      ['refund-payment', 'FAILED'],
      ['send-goodbye-email', 'PENDING'],
      ['delete-account', 'PENDING'],
    ]);
    expect(step(saga, 'refund-payment').attempts).toBe(3);
    expect(await user(userId)).toBe('ACTIVE');
    expect((await payments(userId)).map((p) => p.status)).toEqual(['CHARGED']);
  });

  it('past the pivot retries the goodbye e-mail beyond its attempt budget until it is sent, and refuses a cancel', async () => {
    const { userId, email } = await activeUser();
    await setFaults(t.http, [{ operation: 'notifications.send', mode: 'error', message: 'SMTP connection timeout', times: 5, email }]);
    const { sagaId } = (await close(userId).expect(202)).body;
    await waitForSaga(t.http, sagaId, (s) => step(s, 'send-goodbye-email').attempts >= 2);
    const refused = await t.http.post(`/sagas/${sagaId}/cancel`).set(OPERATOR).send({ reason: 'changed my mind' }).expect(409);
    expect(refused.body.message).toMatch(/pivot/);
    const saga = await waitForSaga(t.http, sagaId);
    expect(saga.status).toBe('COMPLETED');
    expect(step(saga, 'send-goodbye-email')).toMatchObject({ status: 'SUCCEEDED', attempts: 6 });
    expect(await user(userId)).toBe('DELETED');
    expect((await payments(userId)).map((p) => p.status)).toEqual(['REFUNDED']);
  });

  it('stuck past the pivot: an incident names what is done and left; retry finishes it and resolves the incident', async () => {
    const { userId, email } = await activeUser();
    // A hang: the attempt waits out SAGA_STEP_TIMEOUT_MS (30 s), so only the operator's retry can finish it in time.
    await setFaults(t.http, [{ operation: 'users.delete', mode: 'hang', email }]);
    const { sagaId } = (await close(userId).expect(202)).body;
    const stuck = await waitForSaga(t.http, sagaId, (s) => s.incidentId !== null);
    expect(stuck.status).toBe('RUNNING');
    const incident = (await t.http.get(`/incidents/${stuck.incidentId}`).set(VIEWER).expect(200)).body;
    expect(incident.status).toBe('OPEN');
    expect(incident.effectsInPlace).toEqual(['Done: suspend-account, refund-payment, send-goodbye-email', 'Left: delete-account']);
    expect(incident.summary).toContain(`POST /sagas/${sagaId}/retry`);
    await setFaults(t.http, []);
    await t.http.post(`/sagas/${sagaId}/retry`).set(OPERATOR).expect(202);
    const saga = await waitForSaga(t.http, sagaId);
    expect(saga.status).toBe('COMPLETED');
    expect(saga.history.some((h) => h.type === 'RetryRequested')).toBe(true);
    expect((await t.http.get(`/incidents/${stuck.incidentId}`).set(VIEWER).expect(200)).body.status).toBe('RESOLVED');
    expect(await user(userId)).toBe('DELETED');
    expect((await payments(userId)).map((p) => p.status)).toEqual(['REFUNDED']);
  });

  it('answers 404 for an unknown user, 409 for an account that is not ACTIVE or already closing', async () => {
    await close('no-such-user').expect(404);
    const { userId, email } = await activeUser();
    await setFaults(t.http, [{ operation: 'notifications.send', mode: 'hang', email }]);
    const first = (await close(userId).expect(202)).body;
    const second = await close(userId).expect(409);
    expect(second.body.code).toMatch(/^CLOSURE\.(ALREADY_RUNNING|NOT_ACTIVE)$/);
    await waitForSaga(t.http, first.sagaId, (s) => step(s, 'send-goodbye-email').status === 'RUNNING');
    await setFaults(t.http, []);
    await t.http.post(`/sagas/${first.sagaId}/retry`).set(OPERATOR).expect(202);
    await waitForSaga(t.http, first.sagaId);
    const closed = await close(userId).expect(409);
    expect(closed.body).toMatchObject({ code: 'CLOSURE.NOT_ACTIVE' });
  });

  it('replays the same closure for the same Idempotency-Key', async () => {
    const { userId } = await activeUser();
    const first = await close(userId, { 'Idempotency-Key': `close-${userId}`, Prefer: 'wait=10' }).expect(200);
    const replay = await close(userId, { 'Idempotency-Key': `close-${userId}` }).expect(200);
    expect(replay.body.sagaId).toBe(first.body.sagaId);
  });
});
