import { copyFileSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import { newDatabaseUrl } from './test-app.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures');

/**
 * A fresh database holding what the version before the saga engine (commit d34341c) left
 * behind: finished sagas, an open incident, and sagas in flight (a charge out, a refund out, a
 * refund retry come due), made by running that version's server and killing it with SIGKILL.
 * SQLite: a copy of the database file; PostgreSQL: its `pg_dump --inserts` loaded into a new database.
 */
export async function previousVersionDatabase(): Promise<string> {
  const url = await newDatabaseUrl();
  if (url.startsWith('sqlite:')) {
    copyFileSync(resolve(FIXTURES, 'previous-version.sqlite'), url.slice('sqlite:'.length));
    return url;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(readFileSync(resolve(FIXTURES, 'previous-version.postgres.sql'), 'utf8'));
  } finally {
    await client.end();
  }
  return url;
}
