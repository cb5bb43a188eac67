import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { DataSourceOptions } from 'typeorm';

/**
 * Turns DATABASE_URL into TypeORM options: `sqlite:<path>`, `sqlite::memory:` or a
 * PostgreSQL URL. SQLite runs through better-sqlite3 (TypeORM 1 has no `sqlite3` driver) in WAL
 * mode with synchronous=NORMAL, which survives a killed process; only a power cut can lose the
 * last commits.
 */
export function dataSourceOptions(databaseUrl: string): DataSourceOptions {
  const common = { synchronize: true, logging: false } as const;
  if (databaseUrl.startsWith('postgres')) {
    return { ...common, type: 'postgres', url: databaseUrl, poolSize: 10 };
  }
  const path = databaseUrl.slice('sqlite:'.length);
  const inMemory = path === ':memory:';
  if (!inMemory) mkdirSync(dirname(resolve(path)), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: path,
    enableWAL: !inMemory,
    timeout: 5_000,
    prepareDatabase: (db: { pragma(sql: string): unknown }) => {
      db.pragma('synchronous = NORMAL');
    },
  };
}
