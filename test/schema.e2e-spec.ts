import { afterAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/infra/database/data-source-options.js';
import { aRegistration, register, setFaults, waitForSaga } from './support/sagas.js';
import { newDatabaseUrl, removeDatabases, startTestApp } from './support/test-app.js';

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
