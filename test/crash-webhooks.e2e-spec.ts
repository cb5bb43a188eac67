import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { aRegistration, type Registration, waitForSaga } from './support/sagas.js';
import { startServer } from './support/server-process.js';
import { until } from './support/until.js';
import { type ReceivedWebhook, WebhookReceiver } from './support/webhook-receiver.js';

const SECRET = 'webhook-secret-0123456789abcdef';

/** Each saga's events as they must arrive: the order they happened in. */
const EXPECTED: Record<string, string[]> = {
  COMPLETED: ['saga.completed'],
  PARTIALLY_ROLLED_BACK: ['saga.partially_rolled_back', 'incident.opened'],
};

/**
 * The built server on a SQLite file, SIGKILLed while webhook deliveries are pending and one is
 * on the wire, then started again on the same file: every event arrives at least once, a
 * saga's in order, each with its one Webhook-Id.
 */
describe('webhooks survive SIGKILL', () => {
  let folder: string;
  let env: Record<string, string>;
  const receiver = new WebhookReceiver(SECRET);

  beforeAll(async () => {
    await receiver.start();
    folder = mkdtempSync(join(tmpdir(), 'registration-crash-webhooks-'));
    env = {
      DATABASE_URL: `sqlite:${join(folder, 'registrations.db')}`,
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
  });
  afterAll(async () => {
    await receiver.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('delivers every event at least once, in order per saga, after a SIGKILL with deliveries pending', async () => {
    const first = await startServer(env, join(folder, 'server.log'));
    const cases: Array<{ body: Registration; expected: string }> = Array.from({ length: 12 }, (_, i) => ({
      body: aRegistration(),
      expected: i % 3 === 0 ? 'PARTIALLY_ROLLED_BACK' : 'COMPLETED',
    }));
    const faults = cases
      .filter((c) => c.expected === 'PARTIALLY_ROLLED_BACK')
      .flatMap(({ body }) => [
        { operation: 'notifications.send', mode: 'error', email: body.email },
        { operation: 'payments.refund', mode: 'error', email: body.email },
      ]);
    await first.http.put('/admin/faults').send({ rules: faults }).expect(200);

    // The first four are delivered before the crash; then the receiver stops answering.
    const ids: string[] = [];
    for (const c of cases.slice(0, 4)) ids.push((await first.http.post('/registrations').send(c.body).expect(202)).body.sagaId);
    await until('the first sagas told', async () => ids.every((id) => receiver.ofSaga(id).length >= 1));
    receiver.behave('hang');
    for (const c of cases.slice(4)) ids.push((await first.http.post('/registrations').send(c.body).expect(202)).body.sagaId);
    for (const [i, id] of ids.entries()) expect((await waitForSaga(first.http, id)).status).toBe(cases[i].expected);
    const hangingBefore = receiver.received.filter((r) => r.answer === 'hang').length;
    await until('a delivery on the wire', async () => receiver.received.filter((r) => r.answer === 'hang').length > hangingBefore);
    const pending = ((await first.http.get('/metrics').expect(200)).text.match(/^webhook_backlog\{[^}]*\} (\d+)$/gm) ?? [])
      .map((line) => Number(line.split(' ').pop()))
      .reduce((a, b) => a + b, 0);
    expect(pending).toBeGreaterThan(0);
    expect((await first.kill('SIGKILL')).signal).toBe('SIGKILL');

    receiver.behave(204);
    const second = await startServer(env, join(folder, 'server.log'));
    try {
      await until(
        'every event delivered',
        async () => ids.every((id, i) => receiver.ofSaga(id).length >= EXPECTED[cases[i].expected].length),
        30_000,
      );
      const accepted = receiver.delivered();
      expect(receiver.received.every((r) => r.signatureValid)).toBe(true);
      for (const [i, id] of ids.entries()) {
        const mine = accepted.filter((r) => r.body.data.sagaId === id);
        // At least once: any repeat is the same event again (same id), after its first delivery.
        expect(distinctInOrder(mine)).toEqual(EXPECTED[cases[i].expected]);
        const byType = new Map(mine.map((r) => [r.body.type, r.webhookId]));
        for (const r of receiver.received.filter((x) => x.body.data.sagaId === id)) expect(r.webhookId).toBe(byType.get(r.body.type));
      }
      const view = (await second.http.get(`/sagas/${ids.at(-1)}`).expect(200)).body;
      expect(view.webhooks.length).toBeGreaterThan(0);
    } finally {
      await second.kill('SIGTERM');
    }
  }, 120_000);
});

/** The event types in the order of their first acceptance. */
function distinctInOrder(hooks: ReceivedWebhook[]): string[] {
  return [...new Set(hooks.map((h) => h.body.type))];
}
