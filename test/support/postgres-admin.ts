import pg from 'pg';

/** The PostgreSQL server the suites may create databases on (started by .ci/run). */
export const PG_ADMIN_URL = process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Runs `work` on a client of its own connected to `url`, and closes it. */
export async function withAdmin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** One statement on the admin server (CREATE DATABASE, DROP DATABASE). */
export async function admin(sql: string): Promise<void> {
  await withAdmin(PG_ADMIN_URL, (client) => client.query(sql));
}

/** The URL of database `name` on the admin server. */
export function databaseUrl(name: string): string {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}
