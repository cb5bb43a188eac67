import { describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { dueSagasQuery, runnableWhere } from '../src/saga/engine/runnable-sagas.js';
import { SagaRegistry } from '../src/saga/engine/saga-registry.js';
import { EMAIL_KEY_EXPRESSION } from '../src/saga/http/email-search-key.js';
import { aRegistration, register } from './support/sagas.js';
import { bearer, suiteApp } from './support/test-app.js';

/** The query plans behind the console's filters: an index each, never a scan of every saga. */
describe('indexes of the saga list filters', () => {
  const t = suiteApp();

  it('finds a customer’s sagas by e-mail exactly, through IDX_sagas_email_key', async () => {
    const pipe = aRegistration({ email: `a|b.${Date.now()}@example.com` });
    const plain = aRegistration();
    for (const body of [pipe, plain, aRegistration()]) await register(t.http, body, { Prefer: 'wait=10' });
    for (const body of [pipe, plain]) {
      const { items } = (await t.http.get('/sagas').set('Authorization', bearer('viewer')).query({ email: body.email.toUpperCase() }).expect(200)).body;
      expect(items.map((i: { email: string }) => i.email)).toEqual([body.email]);
    }
    const data = t.app.get(DataSource);
    const postgres = data.options.type === 'postgres';
    const where = `${EMAIL_KEY_EXPRESSION[postgres ? 'postgres' : 'sqlite']} = 'x@example.com' ORDER BY created_at DESC, id DESC LIMIT 51`;
    const plan = postgres
      ? await data.transaction(async (m) => (await m.query('SET LOCAL enable_seqscan = off'), m.query(`EXPLAIN SELECT id FROM sagas WHERE ${where}`)))
      : await data.query(`EXPLAIN QUERY PLAN SELECT id FROM sagas WHERE ${where}`);
    expect(JSON.stringify(plan)).toContain('IDX_sagas_email_key');
  });

  it('pages a type newest first through IDX_sagas_type_created, which the scheduler’s poll never picks', async () => {
    const data = t.app.get(DataSource);
    if (data.options.type === 'postgres') return expect(await data.query(`SELECT indexname FROM pg_indexes WHERE indexname = 'IDX_sagas_type_created'`)).toHaveLength(1);
    const plan = await data.query(`EXPLAIN QUERY PLAN SELECT id FROM sagas WHERE lower(type) = 'account-closure' ORDER BY created_at DESC, id DESC LIMIT 51`);
    expect(JSON.stringify(plan)).toContain('IDX_sagas_type_created');
    expect(JSON.stringify(plan)).not.toContain('TEMP B-TREE');
  });

  it('polls for due sagas with a range search of IDX_sagas_wake_at, not a walk of every saga', async () => {
    const data = t.app.get(DataSource);
    const registry = t.app.get(SagaRegistry);
    // Two registered types put an OR in the query: the shape that once made SQLite scan the whole
    // index. A plain type index, if there were one, would be preferred here too (hence lower(type)).
    expect(runnableWhere(registry).length).toBeGreaterThanOrEqual(2);
    const [sql, parameters] = dueSagasQuery(data.manager, registry, Date.now(), 100)!.getQueryAndParameters();
    if (data.options.type === 'postgres') {
      const plan = await data.transaction(async (m) => (await m.query('SET LOCAL enable_seqscan = off'), m.query(`EXPLAIN ${sql}`, parameters)));
      return expect(JSON.stringify(plan)).toMatch(/IDX_sagas_wake_at.*Index Cond: \(wake_at <=/);
    }
    const plan: Array<{ detail: string }> = await data.query(`EXPLAIN QUERY PLAN ${sql}`, parameters);
    expect(plan.map((row) => row.detail)).toEqual([expect.stringMatching(/^SEARCH s USING INDEX IDX_sagas_wake_at \(wake_at<\?\)$/)]);
  });
});
