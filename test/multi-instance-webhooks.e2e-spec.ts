import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { admin, databaseUrl as urlOf } from './support/postgres-admin.js';
import { aRegistration, waitForSaga } from './support/sagas.js';
import { startServer } from './support/server-process.js';
import { until } from './support/until.js';
import { WebhookReceiver } from './support/webhook-receiver.js';

const SECRET = 'webhook-secret-0123456789abcdef';

describe('webhooks from two instances on one PostgreSQL database', () => {
  const name = `multi_hooks_${randomBytes(5).toString('hex')}`;
  const receiver = new WebhookReceiver(SECRET);
  let folder: string;
  beforeAll(async () => {
    await admin(`CREATE DATABASE ${name}`);
    await receiver.start();
    folder = mkdtempSync(join(tmpdir(), 'registration-multi-hooks-'));
  });
  afterAll(async () => {
    await receiver.stop();
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    rmSync(folder, { recursive: true, force: true });
  });

  it('every event is sent by one instance at a time, once each while the receiver answers, in order per saga', async () => {
    const env = {
      DATABASE_URL: urlOf(name),
      FAULT_INJECTION: 'on',
      SAGA_RETRY_BASE_MS: '20',
      SAGA_RETRY_MAX_MS: '200',
      SAGA_POLL_INTERVAL_MS: '20',
      SANDBOX_LATENCY_MS: '2',
      WEBHOOK_URL: receiver.url,
      WEBHOOK_SECRET: SECRET,
      WEBHOOK_RETRY_BASE_MS: '50',
      WEBHOOK_RETRY_MAX_MS: '200',
    };
    // Each answer takes a while, so a second send of an event in flight would overlap it.
    receiver.delayMs = 40;
    const [a, b] = await Promise.all([startServer(env, join(folder, 'a.log')), startServer(env, join(folder, 'b.log'))]);
    try {
      const bodies = Array.from({ length: 40 }, () => aRegistration());
      const partial = bodies.filter((_, i) => i % 4 === 0);
      const rules = partial.flatMap((body) => [
        { operation: 'notifications.send', mode: 'error', email: body.email },
        { operation: 'payments.refund', mode: 'error', email: body.email },
      ]);
      // Fault rules are each instance's own.
      for (const server of [a, b]) await server.http.put('/admin/faults').send({ rules }).expect(200);
      const ids: string[] = [];
      for (const [i, body] of bodies.entries()) ids.push((await (i % 2 === 0 ? a : b).http.post('/registrations').send(body).expect(202)).body.sagaId);
      const expected = (i: number) => (i % 4 === 0 ? ['saga.partially_rolled_back', 'incident.opened'] : ['saga.completed']);
      for (const [i, id] of ids.entries()) expect((await waitForSaga(a.http, id, undefined, 30_000)).status).toBe(i % 4 === 0 ? 'PARTIALLY_ROLLED_BACK' : 'COMPLETED');
      await until('every event delivered', async () => ids.every((id, i) => receiver.ofSaga(id).length >= expected(i).length), 30_000);

      expect(receiver.received.every((r) => r.signatureValid)).toBe(true);
      expect(receiver.received.filter((r) => r.overlapped)).toEqual([]);
      // Nothing failed, so nothing was sent twice: two instances never both took one event.
      const perId = new Map<string, number>();
      for (const r of receiver.received) perId.set(r.webhookId, (perId.get(r.webhookId) ?? 0) + 1);
      expect([...perId.values()].filter((n) => n > 1)).toEqual([]);
      for (const [i, id] of ids.entries()) expect(receiver.ofSaga(id).map((r) => r.body.type)).toEqual(expected(i));
      // And the outbox agrees: one attempt each. A batch's outcomes are recorded once every send
      // of the batch is answered, so the last ones may land a moment after the receiver saw them.
      type Delivery = { status: string; attempts: number };
      const deliveries = async () => (await Promise.all(ids.map(async (id) => (await a.http.get(`/sagas/${id}`).expect(200)).body.webhooks as Delivery[]))).flat();
      await until('every delivery recorded', async () => (await deliveries()).every((w) => w.status === 'DELIVERED'), 10_000);
      const recorded = await deliveries();
      expect(recorded).toHaveLength(ids.reduce((n, _id, i) => n + expected(i).length, 0));
      expect(recorded.filter((w) => w.attempts !== 1)).toEqual([]);
    } finally {
      await Promise.all([a.kill('SIGTERM'), b.kill('SIGTERM')]);
    }
  }, 120_000);
});
