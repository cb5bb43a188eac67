import { describe, expect, it } from '@jest/globals';
import { aRegistration, register, setFaults, step, waitForSaga } from './support/sagas.js';
import { suiteApp, TEST_KEYS } from './support/test-app.js';

const OPERATOR = { Authorization: `Bearer ${TEST_KEYS.operator}` };
const VIEWER = { Authorization: `Bearer ${TEST_KEYS.viewer}` };

describe('POST /sagas/{id}/cancel', () => {
  const t = suiteApp({ SAGA_STEP_TIMEOUT_MS: '60000' });

  it('compensates a running registration, with the reason and the actor in its history', async () => {
    const body = aRegistration();
    await setFaults(t.http, [{ operation: 'notifications.send', mode: 'hang', email: body.email }]);
    const { sagaId } = await register(t.http, body);
    await waitForSaga(t.http, sagaId, (s) => step(s, 'send-notification').status === 'RUNNING');

    const cancelled = await t.http.post(`/sagas/${sagaId}/cancel`).set(OPERATOR).send({ reason: 'customer changed their mind' }).expect(202);
    expect(cancelled.body.status).toMatch(/COMPENSATING|ROLLED_BACK/);
    const saga = await waitForSaga(t.http, sagaId);
    expect(saga.status).toBe('ROLLED_BACK');
    expect(saga.steps.map((s) => [s.name, s.status])).toEqual([
      ['create-account', 'COMPENSATED'],
      ['charge-payment', 'COMPENSATED'],
      ['send-notification', 'FAILED'],
    ]);
    const entry = saga.history.find((h) => h.type === 'SagaCancelled')!;
    expect(entry.data).toEqual({ reason: 'customer changed their mind', actor: 'test-operator' });
    expect((await t.http.get(`/users/${saga.userId}`).set(VIEWER).expect(200)).body.status).toBe('DELETED');
    expect((await t.http.get('/payments').set(VIEWER).query({ userId: saga.userId })).body[0].status).toBe('REFUNDED');
    await setFaults(t.http, []);
  });

  it('answers 409 for a finished saga, 400 without a reason, 404 for an unknown one', async () => {
    const done = await register(t.http, aRegistration(), { Prefer: 'wait=10' });
    const refused = await t.http.post(`/sagas/${done.sagaId}/cancel`).set(OPERATOR).send({ reason: 'late' }).expect(409);
    expect(refused.body).toMatchObject({ statusCode: 409, code: 'SAGA.NOT_CANCELLABLE' });
    await t.http.post(`/sagas/${done.sagaId}/cancel`).set(OPERATOR).send({}).expect(400);
    await t.http.post('/sagas/no-such-saga/cancel').set(OPERATOR).send({ reason: 'x' }).expect(404);
  });
});

describe('GET /sagas filters', () => {
  const t = suiteApp();

  it('by type, e-mail, user id and creation time', async () => {
    const ada = aRegistration();
    const first = await register(t.http, ada, { Prefer: 'wait=10' });
    const other = await register(t.http, aRegistration(), { Prefer: 'wait=10' });
    const list = async (query: Record<string, string>) =>
      ((await t.http.get('/sagas').set(VIEWER).query(query).expect(200)).body.items as Array<{ sagaId: string }>).map((s) => s.sagaId);

    expect(await list({ email: ada.email.toUpperCase() })).toEqual([first.sagaId]);
    expect(await list({ userId: first.userId! })).toEqual([first.sagaId]);
    expect(await list({ type: 'user-registration', limit: '100' })).toEqual(expect.arrayContaining([first.sagaId, other.sagaId]));
    expect(await list({ type: 'account-closure' })).toEqual([]);
    expect(await list({ createdFrom: other.createdAt })).toEqual([other.sagaId]);
    expect(await list({ createdTo: first.createdAt, email: ada.email })).toEqual([first.sagaId]);
    expect(await list({ createdTo: new Date(Date.parse(first.createdAt) - 1).toISOString(), email: ada.email })).toEqual([]);
    await t.http.get('/sagas').set(VIEWER).query({ createdFrom: 'yesterday' }).expect(400);
    await t.http.get('/sagas').set(VIEWER).query({ type: 'Not A Type' }).expect(400);
  });
});
