import { afterAll, describe, expect, it } from '@jest/globals';
import { aRegistration, historyTypes, register, setFaults, step, waitForSaga } from './support/sagas.js';
import { newDatabaseUrl, removeDatabases, startTestApp } from './support/test-app.js';

/** Stop the app with work outstanding, start a new one on the same database file. */
describe('restart', () => {
  afterAll(() => removeDatabases());

  it('a retry that was due when the app stopped still runs after it starts again', async () => {
    const databaseUrl = await newDatabaseUrl();
    const first = await startTestApp({ DATABASE_URL: databaseUrl, SAGA_RETRY_BASE_MS: '300' });
    const body = aRegistration();
    await setFaults(first.http, [{ operation: 'notifications.send', mode: 'error', message: 'SMTP down', email: body.email }]);
    const { sagaId } = await register(first.http, body);
    await waitForSaga(first.http, sagaId, (s) => s.history.some((h) => h.type === 'RetryScheduled'));
    await first.close();

    const second = await startTestApp({ DATABASE_URL: databaseUrl, SAGA_RETRY_BASE_MS: '300' });
    try {
      const saga = await waitForSaga(second.http, sagaId);
      expect(saga.status).toBe('COMPLETED');
      expect(step(saga, 'send-notification')).toMatchObject({ status: 'SUCCEEDED', attempts: 2 });
    } finally {
      await second.close();
    }
  });

  it('an attempt left without an answer is sent again, once, after a restart', async () => {
    const databaseUrl = await newDatabaseUrl();
    const first = await startTestApp({ DATABASE_URL: databaseUrl });
    const body = aRegistration();
    await setFaults(first.http, [{ operation: 'payments.charge', mode: 'hang', email: body.email }]);
    const { sagaId } = await register(first.http, body);
    await waitForSaga(first.http, sagaId, (s) => step(s, 'charge-payment').status === 'RUNNING');
    await first.close();

    const second = await startTestApp({ DATABASE_URL: databaseUrl });
    try {
      const saga = await waitForSaga(second.http, sagaId);
      expect(saga.status).toBe('COMPLETED');
      expect(historyTypes(saga)).toContain('AttemptRedelivered');
      // Redelivery repeats the same attempt: nothing is counted as failed.
      expect(step(saga, 'charge-payment').attempts).toBe(1);
      expect((await second.http.get('/payments').query({ userId: saga.userId })).body).toHaveLength(1);
    } finally {
      await second.close();
    }
  });
});
