import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { workEveryPath } from './support/saga-workout.js';
import { suiteApp } from './support/test-app.js';
import { WebhookReceiver } from './support/webhook-receiver.js';

// Every SQL text this process prepares, recorded before the app opens its database.
const prepared = new Set<string>();
const prototype = Database.prototype as unknown as { prepare(this: Database.Database, sql: string): Database.Statement };
const prepare = prototype.prepare;
prototype.prepare = function (this: Database.Database, sql: string) {
  prepared.add(sql);
  return prepare.call(this, sql);
};

/** SQLite's catalogue and TypeORM's migration list: their size does not grow with the sagas served. */
const BOUNDED = /\bFROM "(?:sqlite_master|migrations)"/;

/**
 * A walk that stops early by construction: an unfiltered page read in an index's order (the
 * saga list newest first), which reads its LIMIT of entries and no more.
 */
const pageInIndexOrder = (sql: string, detail: string) => / USING (?:COVERING )?INDEX /.test(detail) && !/\bWHERE\b/i.test(sql) && /\bLIMIT \d+\s*$/i.test(sql);

/** `?` placeholders outside quoted strings and identifiers. */
const placeholders = (sql: string) => (sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"/g, '').match(/\?/g) ?? []).length;

const SECRET = 'webhook-secret-0123456789abcdef';
const receiver = new WebhookReceiver(SECRET);
await receiver.start();

/**
 * The plan of every statement the service ran while serving sagas: a search of an index or a
 * key, never a walk of a table or an index that grows with the sagas stored. A walk costs
 * nothing on a test's database and tens of milliseconds of the one thread with 1,000,000 sagas
 * stored (the due-saga poll did: BENCHMARKS.md, 2026-12-03), so this is where it shows first.
 */
describe('query plans of the statements run to serve sagas', () => {
  // Webhooks on, so the outbox and its delivery worker run their statements too.
  const t = suiteApp({ WEBHOOK_URL: receiver.url, WEBHOOK_SECRET: SECRET });
  beforeAll(() => receiver.behave(204));
  afterAll(() => receiver.stop());

  it('searches, never scans, a table that grows with the sagas', async () => {
    await workEveryPath(t.http, receiver);

    const reads = [...prepared].filter((sql) => /^\s*(SELECT|UPDATE|DELETE|WITH)\b/i.test(sql) && !BOUNDED.test(sql));
    expect(reads.length).toBeGreaterThan(20);
    const file = t.databaseUrl.slice('sqlite:'.length);
    const db = new Database(file, { readonly: true });
    try {
      const walks = reads.flatMap((sql) => {
        const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array<null>(placeholders(sql)).fill(null)) as Array<{ detail: string }>;
        return plan
          .filter((row) => row.detail.startsWith('SCAN ') && !pageInIndexOrder(sql, row.detail))
          .map((row) => `${row.detail}  <-  ${sql.replace(/\s+/g, ' ').slice(0, 200)}`);
      });
      expect(walks).toEqual([]);
    } finally {
      db.close();
    }
  });
});
