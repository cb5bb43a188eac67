import type BetterSqlite3 from 'better-sqlite3';
import { type EntityManager, QueryFailedError } from 'typeorm';

const statements = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

/**
 * Runs one parameterised statement in `manager`'s transaction and returns its rows (an empty
 * array for a write): `manager.query` on PostgreSQL, the connection's prepared statement
 * directly on SQLite.
 *
 * Why SQLite bypasses `manager.query`: better-sqlite3 is synchronous and a SQLite DataSource has
 * one connection, so the transaction TypeORM opened is simply that connection's, and TypeORM's
 * wrapper (four awaits, the logger and subscriber broadcasts, a cache lookup per call) cost
 * more than SQLite itself on the saga's short statements. Errors are wrapped the way TypeORM
 * wraps them, so `isUniqueViolation` and the error filter see no difference.
 */
export async function runSql(manager: EntityManager, sql: string, parameters: unknown[]): Promise<unknown[]> {
  if (manager.connection.options.type !== 'better-sqlite3') return manager.query(sql, parameters);
  // A manager whose transaction ended would otherwise write outside any transaction.
  const runner = manager.queryRunner;
  if (runner && (runner.isReleased || !runner.isTransactionActive)) throw new TransactionEndedError();
  const database = (manager.connection.driver as unknown as { databaseConnection: BetterSqlite3.Database }).databaseConnection;
  const statement = prepared(database, sql);
  try {
    return statement.reader ? statement.all(...parameters) : (statement.run(...parameters), []);
  } catch (error) {
    throw new QueryFailedError(sql, parameters, error as Error);
  }
}

function prepared(database: BetterSqlite3.Database, sql: string): BetterSqlite3.Statement {
  let cache = statements.get(database);
  if (!cache) statements.set(database, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) cache.set(sql, (statement = database.prepare(sql)));
  return statement;
}

export class TransactionEndedError extends Error {
  constructor() {
    super('The transaction of this EntityManager has ended; run the statement in a new one');
  }
}
