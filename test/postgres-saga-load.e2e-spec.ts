import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { SagaStore } from '../src/saga/engine/saga-store.js';
import { recordSentQueries } from './support/pg-sent-queries.js';
import { admin, databaseUrl as urlOf } from './support/postgres-admin.js';
import { aRegistration, register, waitForSaga } from './support/sagas.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Two instances deciding the same saga at once: the second waits for the first's lock, and must
 * then decide on what the first committed, its steps included. (One statement joining the saga
 * to its steps would return the saga as committed but the steps from before the wait.)
 */
describe('loading a saga on PostgreSQL while another transaction holds it', () => {
  const name = `sagaload_${randomBytes(5).toString('hex')}`;
  let t: TestApp;
  beforeAll(async () => {
    await admin(`CREATE DATABASE ${name}`);
    t = await startTestApp({ DATABASE_URL: urlOf(name) });
  });
  afterAll(async () => {
    await t?.close();
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  it("sends the saga's load as a step's answering transaction begins, before the module's reads", async () => {
    // Pipelined (PipelinedTransaction), the load then travels with what the module's work waits
    // for (a notification's look-up of its row, an activation's UPDATE ... RETURNING): one round
    // trip for both, instead of the load waiting for the work's answer.
    const sent: string[] = [];
    recordSentQueries(t.app.get(DataSource), sent);
    const { sagaId } = await register(t.http, aRegistration());
    expect((await waitForSaga(t.http, sagaId)).status).toBe('COMPLETED');
    const transactions: string[][] = [];
    for (const text of sent) {
      if (text === 'BEGIN') transactions.push([]);
      else transactions.at(-1)?.push(text);
    }
    const isLoad = (q: string) => /^SELECT .* FROM "sagas" WHERE "id" = \$1 FOR UPDATE$/.test(q);
    const loadBeforeTheRead = (writes: string, read: string) => {
      const transaction = transactions.find((statements) => statements.some((q) => q.startsWith(writes)));
      expect(transaction).toBeDefined();
      return transaction!.findIndex(isLoad) < transaction!.findIndex((q) => q.startsWith(read));
    };
    expect(loadBeforeTheRead('INSERT INTO "notifications"', 'SELECT "id", "saga_id", "user_id", "send_key"')).toBe(true);
    expect(loadBeforeTheRead('UPDATE "users"', 'UPDATE "users"')).toBe(true);
  });

  it('returns the steps as the transaction it waited for left them', async () => {
    const { sagaId } = await register(t.http, aRegistration());
    await waitForSaga(t.http, sagaId);
    const store = t.app.get(SagaStore);
    const [first, second] = [t.app.get(DataSource).createQueryRunner(), t.app.get(DataSource).createQueryRunner()];
    try {
      await first.startTransaction();
      const held = await store.load(first.manager, sagaId);
      expect(held?.steps[0].attempts).toBe(1);
      await first.query('UPDATE saga_steps SET attempts = 42 WHERE saga_id = $1 AND position = 0', [sagaId]);
      await first.query('UPDATE sagas SET history_seq = history_seq + 1 WHERE id = $1', [sagaId]);

      await second.startTransaction();
      let settled = false;
      const waited = store.load(second.manager, sagaId).finally(() => (settled = true));
      await new Promise((r) => setTimeout(r, 300));
      expect(settled).toBe(false); // it waits for the lock
      await first.commitTransaction();
      const loaded = await waited;
      expect(loaded?.saga.historySeq).toBe(held!.saga.historySeq + 1);
      expect(loaded?.steps[0].attempts).toBe(42);
      await second.commitTransaction();
    } finally {
      await first.release();
      await second.release();
    }
  });
});
