import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg, { type PoolClient } from 'pg';
import { PG_ADMIN_URL } from '../../../test/support/postgres-admin.js';
import { sendStatement } from './pg-statement-query.js';

/** StatementQuery against a real server, on a pipelined client as data-source-options.ts configures the pool's. */
describe('sendStatement on PostgreSQL', () => {
  let client: pg.Client;
  beforeAll(async () => {
    client = new pg.Client({ connectionString: PG_ADMIN_URL, pipeline: true } as pg.ClientConfig);
    await client.connect();
  });
  afterAll(() => client.end());
  const send = (statement: Parameters<typeof sendStatement>[1], failed?: (error: Error) => void) => sendStatement(client as unknown as PoolClient, statement, failed);

  const typed = {
    name: 'statement_query_spec_typed',
    text: 'SELECT $1::int AS n, $2::bigint AS big, $3::text AS label, NULL::int AS nothing, $4::jsonb AS doc',
    rowMode: 'array' as const,
  };

  it("answers rows as arrays, each value parsed by its column's type, when first prepared and after", async () => {
    const first = await send({ ...typed, values: [1, '9007199254740993', 'x', JSON.stringify({ k: [1] })] });
    expect(first.rows).toEqual([[1, '9007199254740993', 'x', null, { k: [1] }]]);
    expect(first.fields.map((f) => f.name)).toEqual(['n', 'big', 'label', 'nothing', 'doc']);
    const again = await send({ ...typed, values: [2, '3', 'y', 'null'] });
    expect(again.rows).toEqual([[2, '3', 'y', null, null]]);
  });

  it('answers each of the statements sent together with its own rows', async () => {
    const answers = await Promise.all([1, 2, 3, 4, 5].map((n) => send({ ...typed, values: [n, String(n * 10), `s${n}`, '{}'] })));
    expect(answers.map((a) => a.rows[0].slice(0, 3))).toEqual([1, 2, 3, 4, 5].map((n) => [n, String(n * 10), `s${n}`]));
  });

  it('answers rows as objects without rowMode, and a write with its command and count', async () => {
    const objects = await send({ name: 'statement_query_spec_objects', text: 'SELECT $1::int AS n, $2::text AS label', values: [7, 'z'] });
    expect(objects.rows).toEqual([{ n: 7, label: 'z' }]);
    const write = await send({ name: 'statement_query_spec_write', text: 'SELECT set_config($1, $2, false)', values: ['app.spec', 'on'], rowMode: 'array' });
    expect(write).toEqual(expect.objectContaining({ command: 'SELECT', rowCount: 1, rows: [['on']] }));
  });

  it('parses a name by the types its connection was told, not by those another was told before', async () => {
    const other = new pg.Client({ connectionString: PG_ADMIN_URL, pipeline: true } as pg.ClientConfig);
    await other.connect();
    try {
      // The same name prepared with another result type on another connection (as after a schema change).
      const name = 'statement_query_spec_retyped';
      expect((await send({ name, text: 'SELECT $1::int', values: [1], rowMode: 'array' })).rows).toEqual([[1]]);
      const retyped = await sendStatement(other as unknown as PoolClient, { name, text: 'SELECT $1::jsonb', values: ['{"a":1}'], rowMode: 'array' });
      expect(retyped.rows).toEqual([[{ a: 1 }]]);
    } finally {
      await other.end();
    }
  });

  it("rejects with the server's error, told first to `failed`, and the connection answers the next statement", async () => {
    const dividing = { name: 'statement_query_spec_divide', text: 'SELECT 10 / $1::int', rowMode: 'array' as const };
    const told: string[] = [];
    const error = (await send({ ...dividing, values: [0] }, (e) => told.push((e as { code?: string }).code!)).catch((e: unknown) => e)) as Error & { code?: string };
    expect(error.code).toBe('22012');
    expect(told).toEqual(['22012']);
    expect((await send({ ...dividing, values: [5] })).rows).toEqual([[2]]);
  });

  it('sends an unnamed statement as pg would: with values as an unnamed prepared one, without as a simple query', async () => {
    expect((await send({ text: 'SELECT $1::text AS t', values: ['u'], rowMode: 'array' })).rows).toEqual([['u']]);
    expect((await send({ text: 'SELECT 1 AS one' })).rows).toEqual([{ one: 1 }]);
  });
});
