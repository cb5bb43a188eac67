import { afterAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/infra/database/data-source-options.js';
import { expectNoDoubleEffects, expectSettled } from './support/invariants.js';
import { previousVersionDatabase } from './support/previous-version.js';
import { aRegistration, register, type SagaView, setFaults, waitForSaga } from './support/sagas.js';
import { newDatabaseUrl, removeDatabases, startTestApp, TEST_KEYS } from './support/test-app.js';

describe('schema', () => {
  afterAll(() => removeDatabases());

  it('the committed migrations build exactly the schema the entities describe', async () => {
    const t = await startTestApp();
    try {
      const dataSource = t.app.get(DataSource);
      expect(dataSource.options.synchronize).toBe(false);
      expect((await dataSource.showMigrations())).toBe(false);
      const drift = await dataSource.driver.createSchemaBuilder().log();
      expect(drift.upQueries.map((q) => q.query)).toEqual([]);
      if (dataSource.options.type === 'better-sqlite3') {
        const tables: Array<{ name: string; sql: string }> = await dataSource.query(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE '%WITHOUT ROWID'`);
        expect(tables.map((t) => t.name).sort()).toEqual(['saga_history', 'saga_steps', 'sandbox_requests']);
      }
    } finally {
      await t.close();
    }
  });
});

describe('upgrade', () => {
  afterAll(() => removeDatabases());

  it('a database of the previous schema version is upgraded in place, and its sagas in flight finish', async () => {
    const databaseUrl = await newDatabaseUrl();
    const old = await startTestApp({ DATABASE_URL: databaseUrl, SAGA_RETRY_BASE_MS: '400' });
    const finished = await register(old.http, aRegistration(), { Prefer: 'wait=10' });
    const body = aRegistration();
    await setFaults(old.http, [{ operation: 'notifications.send', mode: 'error', times: 1, email: body.email }]);
    const { sagaId } = await register(old.http, body);
    await waitForSaga(old.http, sagaId, (s) => s.history.some((h) => h.type === 'RetryScheduled'));
    await old.close();

    // Take the database back to the schema before the newest migration, rows and all.
    const downgrade = new DataSource(dataSourceOptions(databaseUrl));
    await downgrade.initialize();
    const newest = downgrade.migrations.at(-1)!.name;
    await downgrade.undoLastMigration();
    const applied: Array<{ name: string }> = await downgrade.query('SELECT name FROM migrations');
    expect(applied.map((m) => m.name)).not.toContain(newest);
    await downgrade.destroy();

    const upgraded = await startTestApp({ DATABASE_URL: databaseUrl, SAGA_RETRY_BASE_MS: '400' });
    try {
      const saga = await waitForSaga(upgraded.http, sagaId);
      expect(saga.status).toBe('COMPLETED');
      expect((await upgraded.http.get(`/sagas/${finished.sagaId}`).expect(200)).body.status).toBe('COMPLETED');
      const drift = await upgraded.app.get(DataSource).driver.createSchemaBuilder().log();
      expect(drift.upQueries).toEqual([]);
    } finally {
      await upgraded.close();
    }
  });
});

describe('upgrade from the version before the saga engine', () => {
  afterAll(() => removeDatabases());

  it('migrates a database that version made, with sagas in flight, and finishes them under user-registration v1', async () => {
    const databaseUrl = await previousVersionDatabase();
    const t = await startTestApp({ DATABASE_URL: databaseUrl });
    const viewer = { Authorization: `Bearer ${TEST_KEYS.viewer}` };
    const operator = { Authorization: `Bearer ${TEST_KEYS.operator}` };
    try {
      const sagaOf = async (email: string): Promise<SagaView> => {
        const [item] = (await t.http.get('/sagas').set(viewer).query({ email }).expect(200)).body.items;
        expect(item).toBeDefined();
        return waitForSaga(t.http, item.sagaId);
      };
      const inFlight = await Promise.all(['charging', 'retrying', 'refunding'].map((name) => sagaOf(`${name}@old.example`)));
      expect(inFlight.map((s) => s.status)).toEqual(['COMPLETED', 'ROLLED_BACK', 'ROLLED_BACK']);
      await expectSettled(t.http, inFlight);

      const completed = await sagaOf('completed@old.example');
      expect(completed).toMatchObject({ type: 'user-registration', definitionVersion: 1, status: 'COMPLETED', email: 'completed@old.example', amount: 12.34, currency: 'EUR' });
      expect([completed.userId, completed.transactionId, completed.notificationId].every((id) => typeof id === 'string')).toBe(true);
      expect(completed.steps.map((s) => s.name)).toEqual(['create-account', 'charge-payment', 'send-notification']);
      // The e-mail lock came along: a live account's address cannot register again; a rolled back one's can.
      await t.http.post('/registrations').send({ email: 'completed@old.example', amount: 1, paymentMethod: 'pm_card_visa' }).expect(409);
      await t.http.post('/registrations').send({ email: 'rolledback@old.example', amount: 1, paymentMethod: 'pm_card_visa' }).expect(202);
      // So did the Idempotency-Key, fingerprint and all.
      const keyed = await sagaOf('keyed@old.example');
      const replay = await t.http
        .post('/registrations')
        .set('Idempotency-Key', 'old-key-1')
        .send({ email: 'keyed@old.example', name: 'Old Version', amount: 12.34, currency: 'EUR', paymentMethod: 'pm_card_visa' })
        .expect(200);
      expect(replay.body.sagaId).toBe(keyed.sagaId);
      // And the incident of a partial rollback: a retry now finishes it.
      const partial = await sagaOf('partial@old.example');
      expect(partial).toMatchObject({ status: 'PARTIALLY_ROLLED_BACK', incidentId: expect.any(String) });
      await t.http.post(`/sagas/${partial.sagaId}/retry`).set(operator).expect(202);
      expect((await waitForSaga(t.http, partial.sagaId)).status).toBe('ROLLED_BACK');
      expect((await t.http.get(`/incidents/${partial.incidentId}`).set(viewer).expect(200)).body.status).toBe('RESOLVED');

      const drift = await t.app.get(DataSource).driver.createSchemaBuilder().log();
      expect(drift.upQueries).toEqual([]);
    } finally {
      await t.close();
    }
    await expectNoDoubleEffects(databaseUrl);
  }, 30_000);
});
