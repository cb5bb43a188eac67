import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectNoDoubleEffects, expectSettled } from './support/invariants.js';
import { admin, databaseUrl as urlOf } from './support/postgres-admin.js';
import { aRegistration, type Registration, type SagaView, waitForSaga } from './support/sagas.js';
import { type ServerProcess, startServer } from './support/server-process.js';


/** Runs `work` over `items` with at most `limit` at a time. */
async function inPool<T, R>(items: T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index], index);
      }
    }),
  );
  return results;
}

describe('several instances on one PostgreSQL database', () => {
  const name = `multi_${randomBytes(5).toString('hex')}`;
  let folder: string;
  const databaseUrl = urlOf(name);
  beforeAll(async () => {
    await admin(`CREATE DATABASE ${name}`);
    folder = mkdtempSync(join(tmpdir(), 'registration-multi-'));
  });
  afterAll(async () => {
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    rmSync(folder, { recursive: true, force: true });
  });

  it('300 registrations over two instances, one killed midway: the survivor finishes every saga, nothing runs twice', async () => {
    const env = {
      DATABASE_URL: databaseUrl,
      FAULT_INJECTION: 'on',
      SAGA_RETRY_BASE_MS: '20',
      SAGA_RETRY_MAX_MS: '200',
      SAGA_POLL_INTERVAL_MS: '20',
      SAGA_LEASE_MS: '1000',
      SANDBOX_LATENCY_MS: '2',
    };
    // Started together: the migration lock lets one create the schema while the other waits.
    const [a, b] = await Promise.all([startServer(env, join(folder, 'a.log')), startServer(env, join(folder, 'b.log'))]);
    const bodies: Registration[] = Array.from({ length: 300 }, (_, i) =>
      aRegistration({ paymentMethod: i % 5 === 2 ? 'pm_card_chargeDeclined' : 'pm_card_visa' }),
    );
    const sentTo = (i: number) => (i % 2 === 0 ? a : b);
    const expected = (i: number) => (i % 5 === 2 || i % 5 === 1 ? 'ROLLED_BACK' : 'COMPLETED');
    const mailFails = bodies.filter((_, i) => i % 5 === 1).map((body) => ({ operation: 'notifications.send', mode: 'error', email: body.email }));
    // Some of A's sagas hang inside the charge, so B must take them over once A is gone.
    const hangOnA = bodies.filter((_, i) => i % 10 === 6).map((body) => ({ operation: 'payments.charge', mode: 'hang', email: body.email }));
    await a.http.put('/admin/faults').send({ rules: [...mailFails, ...hangOnA] }).expect(200);
    await b.http.put('/admin/faults').send({ rules: mailFails }).expect(200);

    let killed: Promise<unknown> | null = null;
    const startedOnA = new Set<string>();
    const sagaIds = await inPool(bodies, 20, async (body, i) => {
      if (i === 150) killed = a.kill('SIGKILL');
      const key = `multi-${body.email}`;
      const post = (server: ServerProcess) => server.http.post('/registrations').set('Idempotency-Key', key).send(body);
      const first = killed && sentTo(i) === a ? null : await post(sentTo(i)).catch(() => null);
      const answer = first && [200, 202].includes(first.status) ? first : await post(b);
      expect([200, 202]).toContain(answer.status);
      if (answer === first && sentTo(i) === a) startedOnA.add(body.email);
      return answer.body.sagaId as string;
    });
    await killed;

    const sagas: SagaView[] = await Promise.all(sagaIds.map((id) => waitForSaga(b.http, id, undefined, 60_000)));
    try {
      expect(sagas.map((s) => s.status)).toEqual(bodies.map((_, i) => expected(i)));
      await expectSettled(b.http, sagas);
      const takenOver = sagas.filter((s) => s.history.some((h) => h.type === 'AttemptRedelivered')).map((s) => s.sagaId);
      // Every saga left hanging on A finished because B took its attempt over.
      const leftHangingOnA = sagas.filter((_, i) => i % 10 === 6 && startedOnA.has(bodies[i].email)).map((s) => s.sagaId);
      expect(leftHangingOnA.length).toBeGreaterThan(0);
      expect(leftHangingOnA.filter((id) => !takenOver.includes(id))).toEqual([]);
      const { replayedSagas } = await expectNoDoubleEffects(databaseUrl);
      // A provider saw a key twice only where B resent an attempt A had sent before dying.
      expect(replayedSagas.filter((id) => !takenOver.includes(id))).toEqual([]);
    } finally {
      await b.kill('SIGKILL');
    }
  }, 120_000);
});
