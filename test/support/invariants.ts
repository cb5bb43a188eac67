import { expect } from '@jest/globals';
import Database from 'better-sqlite3';
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

/**
 * Reads the sandbox providers' ledger in the SQLite file: no saga ever reached the card network
 * or the mail provider with two different keys for one operation, and no module recorded two
 * payments, e-mails or accounts for one saga.
 */
export function expectNoDoubleEffects(sqlitePath: string): { providerRequests: number; replays: number } {
  const db = new Database(sqlitePath, { readonly: true });
  try {
    const doubled = db
      .prepare(`SELECT operation, substr(idempotency_key, 1, 36) AS saga, count(*) AS n FROM sandbox_requests GROUP BY 1, 2 HAVING count(*) > 1`)
      .all();
    expect(doubled).toEqual([]);
    for (const table of ['payments', 'notifications', 'users']) {
      expect(db.prepare(`SELECT saga_id, count(*) AS n FROM ${table} GROUP BY saga_id HAVING count(*) > 1`).all()).toEqual([]);
    }
    const totals = db.prepare(`SELECT count(*) AS requests, coalesce(sum(calls - 1), 0) AS replays FROM sandbox_requests`).get() as { requests: number; replays: number };
    return { providerRequests: totals.requests, replays: totals.replays };
  } finally {
    db.close();
  }
}
