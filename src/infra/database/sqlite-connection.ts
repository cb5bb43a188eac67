import type BetterSqlite3 from 'better-sqlite3';
import type { DataSource } from 'typeorm';

/**
 * The one place that reaches into TypeORM's better-sqlite3 driver (typeorm 1.1): its single
 * connection and its single query runner's transaction bookkeeping. Checked against typeorm
 * 1.1.1; `commit-failure.spec.ts` fails if a new version changes either.
 */
interface SqliteDriverInternals {
  databaseConnection: BetterSqlite3.Database;
  queryRunner?: { isTransactionActive: boolean; transactionDepth: number };
}

/** The better-sqlite3 connection a SQLite DataSource runs every statement on. */
export function sqliteConnection(dataSource: DataSource): BetterSqlite3.Database {
  return (dataSource.driver as unknown as SqliteDriverInternals).databaseConnection;
}

/**
 * Whether the connection and TypeORM agree that no transaction is open.
 *
 * They can disagree after a COMMIT fails (a disk I/O error, a full disk): SQLite may roll the
 * transaction back by itself, TypeORM's own ROLLBACK then fails, and TypeORM, which swallows
 * that error, keeps believing it is inside a transaction. From then on it opens every
 * transaction as a SAVEPOINT inside one that never commits: every later "commit" is lost, and
 * nothing says so (FINDINGS.md).
 */
export function isIdle(dataSource: DataSource): boolean {
  const driver = dataSource.driver as unknown as SqliteDriverInternals;
  return !driver.databaseConnection.inTransaction && !driver.queryRunner?.isTransactionActive;
}

/**
 * Brings the connection back to "no transaction": rolls back whatever SQLite still holds open
 * and resets TypeORM's bookkeeping to match. Throws when SQLite cannot roll back (the disk is
 * still failing); the connection stays in its transaction and the next call tries again.
 */
export function rollBackToIdle(dataSource: DataSource): void {
  const driver = dataSource.driver as unknown as SqliteDriverInternals;
  if (driver.databaseConnection.inTransaction) driver.databaseConnection.exec('ROLLBACK');
  if (driver.queryRunner) {
    driver.queryRunner.isTransactionActive = false;
    driver.queryRunner.transactionDepth = 0;
  }
}
