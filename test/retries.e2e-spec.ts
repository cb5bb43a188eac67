import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { query } from './support/invariants.js';
import { aRegistration, historyTypes, register, type SagaView, setFaults, step, waitForSaga } from './support/sagas.js';
import { removeDatabases, startTestApp, type TestApp } from './support/test-app.js';

const gaps = (saga: SagaView, type: string, stepName: string) => {
  const times = saga.history.filter((h) => h.type === type && h.step === stepName).map((h) => Date.parse(h.at));
  return times.slice(1).map((at, i) => at - times[i]);
};

describe('retries, timeouts, partial rollback and incidents (the seed scenarios 3 and 4)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ SAGA_RETRY_BASE_MS: '40', SAGA_RETRY_MAX_MS: '1000', SAGA_COMPENSATION_TIMEOUT_MS: '150' });
  });
  afterEach(() => setFaults(t.http, []));
  afterAll(async () => {
    await t.close();
    await removeDatabases();
  });

  it('completes when the e-mail fails once, on the second attempt', async () => {
    const body = aRegistration();
    await setFaults(t.http, [{ operation: 'notifications.send', mode: 'error', message: 'SMTP connection timeout', times: 1, email: body.email }]);
    const saga = await waitForSaga(t.http, (await register(t.http, body)).sagaId);
    expect(saga.status).toBe('COMPLETED');
    expect(step(saga, 'send-notification')).toMatchObject({ status: 'SUCCEEDED', attempts: 2 });
    const retry = saga.history.find((h) => h.type === 'RetryScheduled')!;
    expect(retry.data).toMatchObject({ failedAttempt: 1, nextAttempt: 2, error: 'SMTP connection timeout' });
    expect((await t.http.get('/notifications').query({ userId: saga.userId })).body[0].status).toBe('SENT');
  });

  it('(3) rolls back when the refund fails twice then succeeds, with growing waits', async () => {
    const body = aRegistration();
    await setFaults(t.http, [
      { operation: 'notifications.send', mode: 'error', message: 'SMTP connection timeout', email: body.email },
      { operation: 'payments.refund', mode: 'error', message: 'Payment gateway timeout', times: 2, email: body.email },
    ]);
    const saga = await waitForSaga(t.http, (await register(t.http, body)).sagaId);

    expect(saga.status).toBe('ROLLED_BACK');
    expect(step(saga, 'charge-payment')).toMatchObject({ status: 'COMPENSATED', compensationAttempts: 3, error: null });
    expect(step(saga, 'create-account')).toMatchObject({ status: 'COMPENSATED', compensationAttempts: 1 });
    // The backoff grows (base 40 ms: 40, then 80, plus jitter) and no retry is sent before its
    // wait is over. Two observed gaps are not compared with each other: on a loaded machine the
    // first attempt alone can take longer than the second wait.
    const delays = saga.history.filter((h) => h.type === 'RetryScheduled' && h.step === 'charge-payment').map((h) => h.data.delayMs as number);
    expect(delays).toHaveLength(2);
    expect(delays[0]).toBeGreaterThanOrEqual(40);
    expect(delays[1]).toBeGreaterThanOrEqual(80);
    expect(delays[1]).toBeGreaterThan(delays[0]);
    const waits = gaps(saga, 'CompensationStarted', 'charge-payment');
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeGreaterThanOrEqual(delays[0]);
    expect(waits[1]).toBeGreaterThanOrEqual(delays[1]);
    expect((await t.http.get('/payments').query({ userId: saga.userId })).body[0].status).toBe('REFUNDED');
  });

  it('(4) ends PARTIALLY_ROLLED_BACK with an incident when the refund keeps failing, and a retry mends it', async () => {
    const body = aRegistration({ amount: 99.99 });
    await setFaults(t.http, [
      { operation: 'notifications.send', mode: 'error', message: 'SMTP connection timeout', email: body.email },
      { operation: 'payments.refund', mode: 'error', message: 'Payment gateway permanently down', email: body.email },
    ]);
    const saga = await waitForSaga(t.http, (await register(t.http, body)).sagaId);

    expect(saga.status).toBe('PARTIALLY_ROLLED_BACK');
    expect(step(saga, 'charge-payment')).toMatchObject({ status: 'COMPENSATION_FAILED', compensationAttempts: 5, error: 'Payment gateway permanently down' });
    // The remaining compensation still ran.
    expect(step(saga, 'create-account').status).toBe('COMPENSATED');
    expect((await t.http.get(`/users/${saga.userId}`)).body.status).toBe('DELETED');
    expect(saga.incidentId).toMatch(/^INC-\d{4}-\d{2}-\d{2}-\d{3,}$/);

    const incident = (await t.http.get(`/incidents/${saga.incidentId}`).expect(200)).body;
    expect(incident).toMatchObject({ id: saga.incidentId, sagaId: saga.sagaId, status: 'OPEN', resolvedAt: null });
    expect(incident.effectsInPlace).toEqual([`Transaction ${saga.transactionId} (99.99 USD) was not refunded`]);
    expect(incident.summary).toContain(`refund 99.99 USD on transaction ${saga.transactionId}`);
    const open = (await t.http.get('/incidents').query({ status: 'OPEN' }).expect(200)).body;
    expect(open.map((i: { id: string }) => i.id)).toContain(saga.incidentId);

    await setFaults(t.http, []);
    const accepted = await t.http.post(`/sagas/${saga.sagaId}/retry`).expect(202);
    expect(accepted.body.status).toBe('COMPENSATING');
    const mended = await waitForSaga(t.http, saga.sagaId);
    expect(mended.status).toBe('ROLLED_BACK');
    expect(step(mended, 'charge-payment').status).toBe('COMPENSATED');
    expect((await t.http.get('/payments').query({ userId: saga.userId })).body[0].status).toBe('REFUNDED');
    const resolved = (await t.http.get(`/incidents/${saga.incidentId}`).expect(200)).body;
    expect(resolved.status).toBe('RESOLVED');
    expect(resolved.resolvedAt).not.toBeNull();
    expect(historyTypes(mended)).toEqual(expect.arrayContaining(['CompensationRetryRequested', 'IncidentResolved']));
    await t.http.post(`/sagas/${saga.sagaId}/retry`).expect(409);
  });

  it('never retries a saga whose incident was resolved by hand, and says so in the incident', async () => {
    const body = aRegistration({ amount: 42.5 });
    await setFaults(t.http, [
      { operation: 'notifications.send', mode: 'error', email: body.email },
      { operation: 'payments.refund', mode: 'error', message: 'Payment gateway permanently down', email: body.email },
    ]);
    const saga = await waitForSaga(t.http, (await register(t.http, body)).sagaId);
    expect(saga.status).toBe('PARTIALLY_ROLLED_BACK');
    const incident = (await t.http.get(`/incidents/${saga.incidentId}`).expect(200)).body;
    expect(incident.summary).toBe(
      `Registration of ${body.email} (saga ${saga.sagaId}) was only partly rolled back: ` +
        `Transaction ${saga.transactionId} (42.50 USD) was not refunded. ` +
        `Either fix the cause and retry: POST /sagas/${saga.sagaId}/retry runs the given-up compensations again. ` +
        `Or undo it by hand and resolve: refund 42.50 USD on transaction ${saga.transactionId} by hand, ` +
        `then POST /incidents/${saga.incidentId}/resolve with a note saying what was done. ` +
        'Not both: once the incident is resolved, the saga cannot be retried.',
    );

    // While a retry runs the compensations again, the incident cannot be resolved by hand.
    await setFaults(t.http, [{ operation: 'payments.refund', mode: 'hang', email: body.email }]);
    await t.http.post(`/sagas/${saga.sagaId}/retry`).expect(202);
    const whileRetrying = await t.http.post(`/incidents/${saga.incidentId}/resolve`).send({ note: 'refunded by hand' }).expect(409);
    expect(whileRetrying.body).toMatchObject({ statusCode: 409, error: 'Conflict', code: 'INCIDENT.RETRY_RUNNING' });
    const givenUpAgain = await waitForSaga(t.http, saga.sagaId, (s) => s.status === 'PARTIALLY_ROLLED_BACK' && step(s, 'charge-payment').compensationAttempts === 5);
    expect((await t.http.get(`/incidents/${saga.incidentId}`).expect(200)).body.status).toBe('OPEN');

    // The person refunds by hand and resolves; a retry now, with the gateway mended, would refund twice.
    await setFaults(t.http, []);
    await t.http.post(`/incidents/${saga.incidentId}/resolve`).send({ note: 'refunded 42.50 USD by hand' }).expect(200);
    const refused = await t.http.post(`/sagas/${saga.sagaId}/retry`).expect(409);
    expect(refused.body).toEqual({
      statusCode: 409,
      error: 'Conflict',
      code: 'SAGA.RESOLVED_BY_HAND',
      message: `Saga ${saga.sagaId} is not retried: its incident ${saga.incidentId} was resolved by hand, and the effects may already have been undone`,
    });

    const after = (await t.http.get(`/sagas/${saga.sagaId}`).expect(200)).body as SagaView;
    expect(after.status).toBe('PARTIALLY_ROLLED_BACK');
    expect(after.history.map((h) => h.type)).toEqual([...historyTypes(givenUpAgain), 'IncidentResolved']);
    expect((await t.http.get('/payments').query({ userId: saga.userId })).body.map((p: { status: string }) => p.status)).toEqual(['CHARGED']);
    const refunds = await query(t.databaseUrl, `SELECT idempotency_key FROM sandbox_requests WHERE operation = 'payments.refund' AND idempotency_key LIKE '${saga.sagaId}%'`);
    expect(refunds).toEqual([]);
  });

  it('times out a hanging refund and retries it', async () => {
    const body = aRegistration();
    await setFaults(t.http, [
      { operation: 'notifications.send', mode: 'error', email: body.email },
      { operation: 'payments.refund', mode: 'hang', times: 1, email: body.email },
    ]);
    const saga = await waitForSaga(t.http, (await register(t.http, body)).sagaId);
    expect(saga.status).toBe('ROLLED_BACK');
    expect(step(saga, 'charge-payment')).toMatchObject({ status: 'COMPENSATED', compensationAttempts: 2 });
    const timedOut = saga.history.find((h) => h.type === 'AttemptTimedOut')!;
    expect(timedOut).toMatchObject({ step: 'charge-payment', data: { attempt: 1, timeoutMs: 150 } });
    expect((await t.http.get('/payments').query({ userId: saga.userId })).body[0].status).toBe('REFUNDED');
  });

  it('resolves an incident by hand with a note, audited in the saga history', async () => {
    const body = aRegistration();
    await setFaults(t.http, [
      { operation: 'payments.charge', mode: 'error', email: body.email },
      { operation: 'users.delete', mode: 'error', message: 'user store unavailable', email: body.email },
    ]);
    const saga = await waitForSaga(t.http, (await register(t.http, body)).sagaId);
    expect(saga.status).toBe('PARTIALLY_ROLLED_BACK');
    const incident = (await t.http.get(`/incidents/${saga.incidentId}`)).body;
    expect(incident.effectsInPlace).toEqual([`User account ${saga.userId} (${body.email}) was not deleted and is still PENDING`]);
    // The account may still be live, so its e-mail stays locked.
    await t.http.post('/registrations').send(body).expect(409);

    const resolved = await t.http.post(`/incidents/${saga.incidentId}/resolve`).send({ note: 'deleted by hand' }).expect(200);
    expect(resolved.body).toMatchObject({ status: 'RESOLVED', note: 'deleted by hand' });
    await t.http.post(`/incidents/${saga.incidentId}/resolve`).send({ note: 'again' }).expect(409);
    await t.http.post(`/incidents/${saga.incidentId}/resolve`).send({}).expect(400);
    const audited = (await t.http.get(`/sagas/${saga.sagaId}`)).body as SagaView;
    expect(audited.history.at(-1)).toMatchObject({ type: 'IncidentResolved', data: { note: 'deleted by hand' } });
  });

  it('numbers incidents uniquely when many sagas fail at once', async () => {
    const bodies = Array.from({ length: 8 }, () => aRegistration());
    await setFaults(t.http, bodies.flatMap((b) => [
      { operation: 'payments.charge', mode: 'error', email: b.email },
      { operation: 'users.delete', mode: 'error', email: b.email },
    ]));
    const started = await Promise.all(bodies.map((b) => register(t.http, b)));
    const sagas = await Promise.all(started.map((s) => waitForSaga(t.http, s.sagaId)));
    const ids = sagas.map((s) => s.incidentId);
    expect(sagas.every((s) => s.status === 'PARTIALLY_ROLLED_BACK')).toBe(true);
    expect(new Set(ids).size).toBe(bodies.length);
    // Eight sagas through 3 charge and 5 compensation attempts each: about 5 s on PostgreSQL on a loaded machine, before the engine too.
  }, 15_000);
});
