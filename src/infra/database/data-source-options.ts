import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS } from './migrations/index.js';

/**
 * Turns DATABASE_URL into TypeORM options: `sqlite:<path>`, `sqlite::memory:` or a
 * PostgreSQL URL. SQLite runs through better-sqlite3 (TypeORM 1 has no `sqlite3` driver) in WAL
 * mode with synchronous=NORMAL, which survives a killed process; only a power cut can lose the
 * last commits.
 */
export function dataSourceOptions(databaseUrl: string): DataSourceOptions {
  // The schema comes from the committed migrations (see runMigrations); never synchronize.
  const common = { synchronize: false, migrationsRun: false, logging: false } as const;
  if (databaseUrl.startsWith('postgres')) {
    // pipeline: each client writes a statement as soon as it is issued, without waiting for the
    // answers to those before it (node-postgres's pipeline mode; PipelinedTransaction relies on it).
    return { ...common, type: 'postgres', url: databaseUrl, poolSize: 10, migrations: POSTGRES_MIGRATIONS, extra: { pipeline: true } };
  }
  const path = databaseUrl.slice('sqlite:'.length);
  const inMemory = path === ':memory:';
  if (!inMemory) mkdirSync(dirname(resolve(path)), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: path,
    enableWAL: !inMemory,
    migrations: SQLITE_MIGRATIONS,
    timeout: 5_000,
    // Prepared statements are reused by SQL text; the service has a few hundred distinct ones.
    statementCacheSize: 1_000,
    prepareDatabase: (db: { pragma(sql: string): unknown }) => {
      db.pragma('synchronous = NORMAL');
    },
  };
}
