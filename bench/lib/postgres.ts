import pg from 'pg';

/** The local PostgreSQL of this machine (trust authentication, as CI and the test suites use it). */
const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh database for one run, dropped afterwards; with `create: false` only named (for a program that creates its own). */
export async function createScratchDatabase(tag: string, { create = true } = {}): Promise<ScratchDatabase> {
  const name = `bench_${tag.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}`;
  if (create) await admin(`CREATE DATABASE "${name}"`);
  return {
    url: `postgres://postgres@127.0.0.1:5432/${name}`,
    drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
