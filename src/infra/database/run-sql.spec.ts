import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource, type EntityManager } from 'typeorm';
import { admin, databaseUrl } from '../../../test/support/postgres-admin.js';
import { runSql } from './run-sql.js';
import { isUniqueViolation } from './unique-violation.js';

/** runSql's PostgreSQL path (named prepared statements) against the local PostgreSQL. */
describe('runSql on PostgreSQL', () => {
  const name = `run_sql_${randomBytes(6).toString('hex')}`;
  let dataSource: DataSource;

  beforeAll(async () => {
    await admin(`CREATE DATABASE ${name}`);
    // One connection, so every statement below meets the statements prepared before it.
    dataSource = await new DataSource({ type: 'postgres', url: databaseUrl(name), poolSize: 1 }).initialize();
    await dataSource.query('CREATE TABLE notes (id integer PRIMARY KEY, body text NOT NULL)');
  });
  afterAll(async () => {
    await dataSource.destroy();
    await admin(`DROP DATABASE ${name}`);
  });

  const select = (m: EntityManager) => runSql(m, 'SELECT id, body FROM notes WHERE id = $1', [1]);

  it('writes and reads in a transaction, and rolls back with it', async () => {
    await dataSource.transaction((m) => runSql(m, 'INSERT INTO notes (id, body) VALUES ($1, $2)', [1, 'kept']));
    await expect(
      dataSource.transaction(async (m) => {
        await runSql(m, 'INSERT INTO notes (id, body) VALUES ($1, $2)', [2, 'undone']);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await select(dataSource.manager)).toEqual([{ id: 1, body: 'kept' }]);
    expect(await runSql(dataSource.manager, 'SELECT id, body FROM notes WHERE id = $1', [2])).toEqual([]);
  });

  it('reports a unique violation the way TypeORM does', async () => {
    const error = await dataSource.transaction((m) => runSql(m, 'INSERT INTO notes (id, body) VALUES ($1, $2)', [1, 'again'])).catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
  });

  it('prepares again a statement whose result type a schema change altered', async () => {
    expect(await select(dataSource.manager)).toEqual([{ id: 1, body: 'kept' }]);
    await dataSource.query('ALTER TABLE notes ALTER COLUMN body TYPE varchar(100)');
    expect(await select(dataSource.manager)).toEqual([{ id: 1, body: 'kept' }]);
  });

  it('refuses a manager whose transaction has ended', async () => {
    let ended!: EntityManager;
    await dataSource.transaction(async (m) => {
      ended = m;
    });
    await expect(select(ended)).rejects.toThrow(/transaction of this EntityManager has ended/);
  });
});
