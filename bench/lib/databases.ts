/** A fresh database per run: a SQLite file (optionally prefilled), sqlite::memory:, or a scratch PostgreSQL database. */
import { randomUUID } from 'node:crypto';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { HttpClient } from './http.js';
import { createScratchDatabase } from './postgres.js';
import { prefillFromTemplate, type PrefillResult } from './prefill.js';
import { startService } from './services.js';
import { log, runTag, session } from './session.js';

export interface Database {
  kind: 'sqlite' | 'memory' | 'postgres';
  url: string;
  path: string | null;
  prefill: PrefillResult | null;
  drop(): Promise<void>;
}

let databaseSeq = 0;
export async function freshDatabase(kind: Database['kind'], stored: number): Promise<Database> {
  const label = `db${++databaseSeq}`;
  if (kind === 'memory') return { kind, url: 'sqlite::memory:', path: null, prefill: null, drop: async () => undefined };
  if (kind === 'postgres') {
    const db = await createScratchDatabase(`${runTag}_${label}`);
    return { kind, url: db.url, path: null, prefill: null, drop: db.drop };
  }
  const path = join(session.workDir, `${label}.db`);
  const database: Database = {
    kind,
    url: `sqlite:${path}`,
    path,
    prefill: null,
    drop: async () => {
      if (!session.options.keep) for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
    },
  };
  if (stored > 0) {
    // One prefill per service and size; each run gets a copy, since the run adds to it.
    const key = `${session.serviceDir}:${stored}`;
    let cached = prefilled.get(key);
    if (!cached) {
      const template: Database = { ...database, path: join(session.workDir, `stored-${stored}-${prefilled.size}.template.db`) };
      template.url = `sqlite:${template.path}`;
      cached = { path: template.path!, result: await prefill(template, stored) };
      prefilled.set(key, cached);
    } else {
      log(`prefill: copying the ${stored} stored sagas prefilled before`);
    }
    cpSync(cached.path, path);
    database.prefill = cached.result;
  }
  return database;
}

const prefilled = new Map<string, { path: string; result: PrefillResult }>();

/** One real saga through the service (which also creates the schema), then `stored - 1` clones of it. */
async function prefill(database: Database, stored: number): Promise<PrefillResult> {
  log(`prefill: ${stored} finished sagas into ${database.path}`);
  const server = await startService(database, { label: 'prefill-template' });
  const client = new HttpClient(session.options.port);
  const email = `prefill-template-${runTag.toLowerCase()}@example.com`;
  try {
    const answer = await client.request(
      'POST',
      '/registrations',
      JSON.stringify({ email, name: 'Stored Saga', amount: 99.99, currency: 'USD', paymentMethod: 'pm_card_visa' }),
      { 'idempotency-key': randomUUID(), prefer: 'wait=30' },
    );
    const view = JSON.parse(answer.body) as { sagaId: string; status: string };
    if (view.status !== 'COMPLETED') throw new Error(`prefill: the template saga ended ${view.status}`);
    await server.stop();
    const result = prefillFromTemplate(database.path!, view.sagaId, email, stored - 1, runTag.toLowerCase());
    result.sagas = stored;
    log(`prefill: ${stored} sagas (${result.rows} rows cloned: ${JSON.stringify(result.rowsPerSaga)} per saga) in ${result.seconds} s, file ${result.fileMiB} MiB`);
    return result;
  } finally {
    client.close();
    await server.stop();
  }
}
