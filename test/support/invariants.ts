import { expect } from '@jest/globals';
import Database from 'better-sqlite3';
import pg from 'pg';
import type TestAgent from 'supertest/lib/agent.js';
import { FINAL, type SagaView } from './sagas.js';

/**
 * What must hold for every saga once the service has settled, however it was interrupted:
 * a final status; COMPLETED means an ACTIVE user with exactly one CHARGED payment and one SENT
 * e-mail; a rollback leaves the user DELETED (or never created) and nothing CHARGED.
 */
export async function expectSettled(http: TestAgent, sagas: SagaView[]): Promise<void> {
  for (const saga of sagas) {
    expect({ saga: saga.sagaId, final: FINAL.includes(saga.status) }).toEqual({ saga: saga.sagaId, final: true });
    const payments = saga.userId ? ((await http.get('/payments').query({ userId: saga.userId })).body as Array<{ status: string }>) : [];
    const mails = saga.userId ? ((await http.get('/notifications').query({ userId: saga.userId })).body as Array<{ status: string }>) : [];
    const user = saga.userId ? (await http.get(`/users/${saga.userId}`).expect(200)).body : null;
    const facts = { saga: saga.sagaId, status: saga.status, user: user?.status ?? null, payments: payments.map((p) => p.status), mails: mails.map((m) => m.status) };
    if (saga.status === 'COMPLETED') {
      expect(facts).toEqual({ ...facts, user: 'ACTIVE', payments: ['CHARGED'], mails: ['SENT'] });
    } else if (saga.status === 'ROLLED_BACK') {
      expect(facts.user === null || facts.user === 'DELETED').toBe(true);
      expect(facts.payments.filter((s) => s === 'CHARGED')).toEqual([]);
      expect(facts.mails.filter((s) => s === 'SENT')).toEqual([]);
    }
    expect(payments.length).toBeLessThanOrEqual(1);
    expect(mails.length).toBeLessThanOrEqual(1);
  }
}

/** Runs read-only SQL against the service's database, SQLite file or PostgreSQL. */
export async function query(databaseUrl: string, sql: string): Promise<Array<Record<string, unknown>>> {
  if (databaseUrl.startsWith('sqlite:')) {
    const db = new Database(databaseUrl.slice('sqlite:'.length), { readonly: true });
    try {
      return db.prepare(sql).all() as Array<Record<string, unknown>>;
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

/**
 * Reads the sandbox providers' ledger and the modules' tables: no saga ever reached the card
 * network or the mail provider with two different keys for one operation, and no module
 * recorded two payments, e-mails or accounts for one saga. Returns the keys the providers saw
 * more than once (replays: same key, same answer, no second effect).
 */
export async function expectNoDoubleEffects(databaseUrl: string): Promise<{ providerRequests: number; replayedSagas: string[] }> {
  const doubled = await query(
    databaseUrl,
    `SELECT operation, substr(idempotency_key, 1, 36) AS saga, count(*) AS n FROM sandbox_requests GROUP BY 1, 2 HAVING count(*) > 1`,
  );
  expect(doubled).toEqual([]);
  for (const table of ['payments', 'notifications', 'users']) {
    expect(await query(databaseUrl, `SELECT saga_id, count(*) AS n FROM ${table} GROUP BY saga_id HAVING count(*) > 1`)).toEqual([]);
  }
  const requests = await query(databaseUrl, `SELECT idempotency_key, calls FROM sandbox_requests`);
  return {
    providerRequests: requests.length,
    replayedSagas: requests.filter((r) => Number(r.calls) > 1).map((r) => String(r.idempotency_key).slice(0, 36)),
  };
}
