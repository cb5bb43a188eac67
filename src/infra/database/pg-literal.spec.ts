import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import pg from 'pg';
import { PG_ADMIN_URL } from '../../../test/support/postgres-admin.js';
import { inlineParameters, literal } from './pg-literal.js';

describe('inlineParameters', () => {
  it('replaces placeholders, and only outside literals and quoted identifiers', () => {
    expect(inlineParameters(`UPDATE "t$1" SET "a" = $1, b = 'x$2' WHERE "id" = $2`, ['o\'k', 7])).toBe(`UPDATE "t$1" SET "a" = 'o''k', b = 'x$2' WHERE "id" = '7'`);
    expect(inlineParameters('INSERT INTO t (a, b) VALUES ($1, $10)', [null, 2, 3, 4, 5, 6, 7, 8, 9, 'ten'])).toBe(`INSERT INTO t (a, b) VALUES (NULL, 'ten')`);
  });

  it('refuses what it cannot read with certainty, so the statement runs with parameters instead', () => {
    for (const sql of ['SELECT $1; SELECT 2', 'SELECT $1 -- c', 'SELECT /* c */ $1', 'SELECT $$a$$', `SELECT E'\\'' || $1`, `SELECT 'open`, 'SELECT $2']) {
      expect(inlineParameters(sql, ['v'])).toBeNull();
    }
  });

  it('refuses NUL and binary values', () => {
    expect(literal('a\u0000b')).toBeNull();
    expect(literal(Buffer.from('ab'))).toBeNull();
    expect(inlineParameters('SELECT $1', ['a\u0000b'])).toBeNull();
  });
});

/** What PostgreSQL reads from the literals: the same values the parameter path would carry. */
describe('literal on PostgreSQL', () => {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  beforeAll(() => client.connect());
  afterAll(() => client.end());

  const roundTrip = async (value: unknown, type: string) => {
    const inlined = (await client.query(`SELECT (${literal(value)})::${type} AS v`)).rows[0].v;
    const bound = (await client.query(`SELECT ($1)::${type} AS v`, [value])).rows[0].v;
    return { inlined, bound };
  };

  it('reads hostile strings back exactly: quotes, backslashes, unicode, SQL', async () => {
    const hostile = [`'; DROP TABLE users; --`, `\\' OR 1=1 --`, `\\\\`, `it's "quoted" \\n`, 'emoji 🦀 and \u00e9\u0301', '$1 $$ $tag$', '\\x41', `E'\\''`];
    for (const value of hostile) {
      const { inlined, bound } = await roundTrip(value, 'text');
      expect(inlined).toBe(value);
      expect(bound).toBe(value);
    }
  });

  it('reads any string without NUL back exactly', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme' }).filter((s) => !s.includes('\u0000')), async (value) => {
        expect((await roundTrip(value, 'text')).inlined).toBe(value);
      }),
      { numRuns: 200 },
    );
  });

  it('carries JSON, numbers, booleans and null as the parameter path does', async () => {
    const json = { quote: "it's", slash: '\\', nested: [1, { e: '🦀' }], nul: null };
    expect(await roundTrip(json, 'jsonb')).toEqual({ inlined: json, bound: json });
    expect(await roundTrip('1700000000000', 'bigint')).toEqual({ inlined: '1700000000000', bound: '1700000000000' });
    expect(await roundTrip(42, 'integer')).toEqual({ inlined: 42, bound: 42 });
    expect(await roundTrip(true, 'boolean')).toEqual({ inlined: true, bound: true });
    expect(await roundTrip(null, 'text')).toEqual({ inlined: null, bound: null });
  });
});
