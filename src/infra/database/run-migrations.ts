import type { DataSource } from 'typeorm';

/** Any fixed number: the PostgreSQL advisory lock instances take while migrating. */
const MIGRATION_LOCK = 7_204_518_193;

/**
 * Applies pending migrations. On PostgreSQL, instances starting together would race to create
 * the same tables, so each takes a session advisory lock first: one migrates, the others wait
 * and then find nothing left to do. SQLite has a single process by construction.
 */
export async function runMigrations(dataSource: DataSource): Promise<void> {
  if (dataSource.options.type !== 'postgres') {
    await dataSource.runMigrations({ transaction: 'all' });
    return;
  }
  const runner = dataSource.createQueryRunner();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await dataSource.runMigrations({ transaction: 'all' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}
