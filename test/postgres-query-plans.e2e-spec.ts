import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { onSentQuery } from './support/pg-sent-queries.js';
import { admin, databaseUrl } from './support/postgres-admin.js';
import { workEveryPath } from './support/saga-workout.js';
import { suiteApp } from './support/test-app.js';
import { WebhookReceiver } from './support/webhook-receiver.js';

/** One statement as a pool client sent it: its text and the values of its placeholders. */
interface Sent {
  text: string;
  values: unknown[];
}

/** PostgreSQL's catalogue, TypeORM's migration list and the session settings: their size does not grow with the sagas. */
const BOUNDED = /\b(?:pg_catalog|information_schema|pg_\w+|"?migrations"?|current_schema|version)\b|^\s*(?:SET|SHOW|BEGIN|COMMIT|ROLLBACK|START)\b/i;

const name = `plans_${randomBytes(5).toString('hex')}`;
await admin(`CREATE DATABASE ${name}`);
const SECRET = 'webhook-secret-0123456789abcdef';
const receiver = new WebhookReceiver(SECRET);
await receiver.start();

/**
 * The PostgreSQL side of sqlite-query-plans: the plan of every statement the service sent while
 * serving sagas, with the values it sent them with, must reach its rows through an index.
 * PostgreSQL reads a small table whole whatever its indexes, so the plans are asked for with
 * sequential scans priced out (`enable_seqscan = off`): a `Seq Scan` that remains is one no
 * index can replace, and it would read every saga ever stored.
 */
describe('query plans of the statements run to serve sagas, on PostgreSQL', () => {
  const t = suiteApp({ DATABASE_URL: databaseUrl(name), WEBHOOK_URL: receiver.url, WEBHOOK_SECRET: SECRET });
  const sent = new Map<string, Sent>();
  beforeAll(() => {
    receiver.behave(204);
    // Every query of every client, from the first checkout after the app started.
    onSentQuery(t.app.get(DataSource), (text, values) => {
      if (!BOUNDED.test(text)) sent.set(text, { text, values });
    });
  });
  afterAll(async () => {
    await receiver.stop();
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  it('reaches its rows through an index, never by reading a table that grows with the sagas', async () => {
    await workEveryPath(t.http, receiver);

    const reads = [...sent.values()].filter(({ text }) => /^\s*(SELECT|UPDATE|DELETE|WITH)\b/i.test(text));
    expect(reads.length).toBeGreaterThan(20);
    const client = new pg.Client({ connectionString: databaseUrl(name) });
    await client.connect();
    try {
      await client.query('SET enable_seqscan = off');
      const walks: string[] = [];
      for (const { text, values } of reads) {
        // EXPLAIN plans an UPDATE without running it.
        const plan = (await client.query(`EXPLAIN ${text}`, values)).rows.map((row: { 'QUERY PLAN': string }) => row['QUERY PLAN']);
        for (const line of plan.filter((l) => /Seq Scan on/.test(l))) walks.push(`${line.trim()}  <-  ${text.replace(/\s+/g, ' ').slice(0, 200)}`);
      }
      expect(walks).toEqual([]);
    } finally {
      await client.end();
    }
  });
});
