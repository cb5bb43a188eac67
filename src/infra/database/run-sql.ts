import type BetterSqlite3 from 'better-sqlite3';
import type { Pool, PoolClient } from 'pg';
import { type EntityManager, QueryFailedError } from 'typeorm';
import { DatabaseUnavailableError } from './database-unavailable.error.js';
import { PipelinedTransaction } from './pg-pipelined-transaction.js';
import { sqliteConnection } from './sqlite-connection.js';
import { CACHED_PLAN_CHANGED, queryConfig, renameAllStatements } from './statement-names.js';

/** Per connection, its prepared statements by SQL: those that answer with objects, and those that answer with arrays. */
const statements = new WeakMap<BetterSqlite3.Database, { objects: Map<string, BetterSqlite3.Statement>; arrays: Map<string, BetterSqlite3.Statement> }>();

/**
 * Runs one parameterised statement in `manager`'s transaction (or, for a manager outside one,
 * on its own) and returns its rows, an empty array for a write. Errors are wrapped the way
 * TypeORM wraps them, so `isUniqueViolation` and the error filter see no difference.
 *
 * Why not `manager.query`: TypeORM's wrapper (awaits, the logger and subscriber broadcasts)
 * cost more than SQLite itself on the saga's short statements, and on PostgreSQL it sends
 * every statement unnamed, to be parsed and planned again each time. So on SQLite the statement
 * runs as the connection's prepared statement (better-sqlite3 is synchronous and a SQLite
 * DataSource has one connection: the transaction TypeORM opened is simply that connection's),
 * and on PostgreSQL as a named prepared statement of the transaction's client (measured:
 * 175 -> 221 registrations/s paired, PostgreSQL's own CPU from 84 to 66 %).
 */
export function runSql(manager: EntityManager, sql: string, parameters: unknown[]): Promise<unknown[]> {
  return run(manager, sql, parameters, false);
}

/**
 * As `runSql`, each row an array of its values in the order the statement selects them
 * (better-sqlite3's raw mode, pg's `rowMode: 'array'`): no object built per row, a property
 * at a time by column name (see row-shape.ts for what that cost). For EntityTable's reads.
 */
export function runSqlRows(manager: EntityManager, sql: string, parameters: unknown[]): Promise<unknown[][]> {
  return run(manager, sql, parameters, true) as Promise<unknown[][]>;
}

async function run(manager: EntityManager, sql: string, parameters: unknown[], asArrays: boolean): Promise<unknown[]> {
  const runner = manager.queryRunner;
  // TypeORM released the runner of a transaction still open: its connection failed.
  if (runner?.isReleased && runner.isTransactionActive) throw new DatabaseUnavailableError(new Error('The connection of this transaction was lost'));
  // A manager whose transaction ended would otherwise run outside any transaction.
  if (runner && (runner.isReleased || !runner.isTransactionActive)) throw new TransactionEndedError();
  const type = manager.connection.options.type;
  if (type === 'postgres') return runOnPostgres(manager, sql, parameters, asArrays);
  if (type !== 'better-sqlite3') {
    const rows = (await manager.query(sql, parameters)) as Array<Record<string, unknown>>;
    return asArrays ? rows.map((row) => Object.values(row)) : rows;
  }
  const database = sqliteConnection(manager.connection);
  // SQLite rolls a transaction back by itself on some errors (a full disk, an I/O error): a
  // statement after that would run on its own, outside the batch it belongs to.
  if (runner && !database.inTransaction) throw new DatabaseUnavailableError(new Error('SQLite rolled the transaction back after an error'));
  const statement = prepared(database, sql, asArrays);
  try {
    return statement.reader ? statement.all(...parameters) : (statement.run(...parameters), []);
  } catch (error) {
    throw new QueryFailedError(sql, parameters, error as Error);
  }
}

/**
 * Runs a write whose result the caller does not read. In a PostgreSQL transaction of the
 * UnitOfWork it is sent and not waited for (PipelinedTransaction): its failure then surfaces at
 * the transaction's next statement or its COMMIT, inside the same transaction, not here.
 * Elsewhere it runs at once, as `runSql`.
 */
export async function queueSql(manager: EntityManager, sql: string, parameters: unknown[]): Promise<void> {
  if (PipelinedTransaction.of(manager)?.defer(sql, parameters)) return;
  await runSql(manager, sql, parameters);
}

async function runOnPostgres(manager: EntityManager, sql: string, parameters: unknown[], asArrays: boolean): Promise<unknown[]> {
  const client: Pool | PoolClient = manager.queryRunner
    ? ((await manager.queryRunner.connect()) as PoolClient)
    : (manager.connection.driver as unknown as { master: Pool }).master;
  for (let attempt = 1; ; attempt++) {
    try {
      return (await client.query(queryConfig(sql, parameters, asArrays))).rows;
    } catch (error) {
      const code = (error as { code?: string }).code;
      // Outside a transaction block (a pooled read, a batch of reads) the statement can simply
      // run again under a name no client has yet; inside one the transaction is aborted, and the
      // caller's retry will use the new name.
      if (code === CACHED_PLAN_CHANGED && attempt === 1) {
        renameAllStatements();
        if (!manager.queryRunner || PipelinedTransaction.of(manager)?.kind === 'read') continue;
      }
      throw new QueryFailedError(sql, parameters, error as Error);
    }
  }
}

function prepared(database: BetterSqlite3.Database, sql: string, asArrays: boolean): BetterSqlite3.Statement {
  let caches = statements.get(database);
  if (!caches) statements.set(database, (caches = { objects: new Map(), arrays: new Map() }));
  const cache = asArrays ? caches.arrays : caches.objects;
  let statement = cache.get(sql);
  if (!statement) {
    statement = database.prepare(sql);
    // Raw mode is only for statements that return rows; a write answers nothing either way.
    if (asArrays && statement.reader) statement.raw(true);
    cache.set(sql, statement);
  }
  return statement;
}

export class TransactionEndedError extends Error {
  constructor() {
    super('The transaction of this EntityManager has ended; run the statement in a new one');
  }
}
