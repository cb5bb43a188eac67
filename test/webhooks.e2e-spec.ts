import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { aRegistration, register, type SagaView, setFaults, waitForSaga } from './support/sagas.js';
import { suiteApp } from './support/test-app.js';
import { until } from './support/until.js';
import { type ReceivedWebhook, WebhookReceiver } from './support/webhook-receiver.js';

const SECRET = 'webhook-secret-0123456789abcdef';
const receiver = new WebhookReceiver(SECRET);
await receiver.start();

interface WebhookView {
  id: string;
  type: string;
  status: string;
  attempts: number;
  lastError: string | null;
  deliveredAt: string | null;
}
type WithWebhooks = SagaView & { webhooks: WebhookView[] };

describe('webhooks', () => {
  const t = suiteApp({ WEBHOOK_URL: receiver.url, WEBHOOK_SECRET: SECRET, WEBHOOK_RETRY_BASE_MS: '50', WEBHOOK_RETRY_MAX_MS: '400' });
  beforeAll(() => receiver.behave(204));
  afterAll(() => receiver.stop());

  /** Waits until the receiver has accepted `count` events of the saga, and returns them. */
  async function deliveredOf(sagaId: string, count: number, timeoutMs = 15_000): Promise<ReceivedWebhook[]> {
    await until(`${count} webhooks of ${sagaId}`, async () => receiver.ofSaga(sagaId).length >= count, timeoutMs);
    return receiver.ofSaga(sagaId);
  }

  function expectWellFormed(hook: ReceivedWebhook, type: string, sagaId: string): void {
    expect(hook.signatureValid).toBe(true);
    expect(hook.webhookId).toBe(hook.body.id);
    expect(Object.keys(hook.body).sort()).toEqual(['createdAt', 'data', 'id', 'type']);
    expect(hook.body.type).toBe(type);
    expect(hook.body.data).toMatchObject({ sagaId, sagaType: 'user-registration' });
    expect(new Date(hook.body.createdAt).toISOString()).toBe(hook.body.createdAt);
  }

  it('a completed saga is told as saga.completed, signed, and shown delivered in the saga view', async () => {
    const { sagaId } = await register(t.http, aRegistration());
    const [completed] = await deliveredOf(sagaId, 1);
    expectWellFormed(completed, 'saga.completed', sagaId);
    expect(completed.body.data.status).toBe('COMPLETED');
    const saga = (await waitForSaga(t.http, sagaId, (s) => (s as WithWebhooks).webhooks[0]?.status === 'DELIVERED')) as WithWebhooks;
    expect(saga.webhooks).toEqual([expect.objectContaining({ id: completed.body.id, type: 'saga.completed', status: 'DELIVERED', attempts: 1, lastError: null })]);
  });

  it('a rolled back saga is told as saga.rolled_back', async () => {
    const body = aRegistration();
    await setFaults(t.http, [{ operation: 'notifications.send', mode: 'error', message: 'SMTP down', email: body.email }]);
    const { sagaId } = await register(t.http, body);
    const [rolledBack] = await deliveredOf(sagaId, 1);
    expectWellFormed(rolledBack, 'saga.rolled_back', sagaId);
    expect(rolledBack.body.data.status).toBe('ROLLED_BACK');
  });

  it('a partial rollback, its incident, and the retry that mends it are told in the order they happened', async () => {
    const body = aRegistration();
    await setFaults(t.http, [
      { operation: 'notifications.send', mode: 'error', message: 'SMTP down', email: body.email },
      { operation: 'payments.refund', mode: 'error', message: 'Gateway down', email: body.email },
    ]);
    const { sagaId } = await register(t.http, body);
    const [partial, opened] = await deliveredOf(sagaId, 2);
    expectWellFormed(partial, 'saga.partially_rolled_back', sagaId);
    expectWellFormed(opened, 'incident.opened', sagaId);
    const saga = await waitForSaga(t.http, sagaId);
    expect(opened.body.data.incidentId).toBe(saga.incidentId);

    await setFaults(t.http, []);
    await t.http.post(`/sagas/${sagaId}/retry`).expect(202);
    const hooks = await deliveredOf(sagaId, 4);
    expect(hooks.map((h) => h.body.type)).toEqual(['saga.partially_rolled_back', 'incident.opened', 'saga.rolled_back', 'incident.resolved']);
    expectWellFormed(hooks[3], 'incident.resolved', sagaId);
    expect(hooks[3].body.data.incidentId).toBe(saga.incidentId);
  });

  it('an incident resolved by hand is told as incident.resolved', async () => {
    const body = aRegistration();
    await setFaults(t.http, [
      { operation: 'notifications.send', mode: 'error', message: 'SMTP down', email: body.email },
      { operation: 'payments.refund', mode: 'error', message: 'Gateway down', email: body.email },
    ]);
    const { sagaId } = await register(t.http, body);
    const saga = await waitForSaga(t.http, sagaId);
    await t.http.post(`/incidents/${saga.incidentId}/resolve`).send({ note: 'refunded by hand' }).expect(200);
    const hooks = await deliveredOf(sagaId, 3);
    expect(hooks.map((h) => h.body.type)).toEqual(['saga.partially_rolled_back', 'incident.opened', 'incident.resolved']);
    expectWellFormed(hooks[2], 'incident.resolved', sagaId);
    expect(hooks[2].body.data).toMatchObject({ incidentId: saga.incidentId, note: 'refunded by hand' });
  });

  it('a receiver that fails, then hangs, then recovers gets the same event again (same Webhook-Id), and the next one only after it', async () => {
    receiver.behave(503);
    const body = aRegistration();
    await setFaults(t.http, [
      { operation: 'notifications.send', mode: 'error', message: 'SMTP down', email: body.email },
      { operation: 'payments.refund', mode: 'error', message: 'Gateway down', email: body.email },
    ]);
    const { sagaId } = await register(t.http, body);
    const ofSaga = () => receiver.received.filter((r) => r.body.data.sagaId === sagaId);
    await until('two failed attempts', async () => ofSaga().length >= 2);
    const failing = (await t.http.get(`/sagas/${sagaId}`).expect(200)).body as WithWebhooks;
    expect(failing.webhooks.map((w) => [w.type, w.status])).toEqual([['saga.partially_rolled_back', 'PENDING'], ['incident.opened', 'PENDING']]);
    expect(failing.webhooks[0].lastError).toBe('HTTP 503');
    const metrics = (await t.http.get('/metrics').expect(200)).text;
    expect(Number(/^webhook_delivery_failures_total\{type="saga.partially_rolled_back"\} (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1);
    expect(metrics).toMatch(/^webhook_backlog\{type="incident.opened"\} 1$/m);

    receiver.behave('hang');
    const before = ofSaga().length;
    await until('an attempt left unanswered', async () => ofSaga().length > before);
    // No answer in 10 s fails the attempt; the next one gets an answer.
    receiver.behave(200);
    const hooks = await deliveredOf(sagaId, 2, 30_000);
    const attempts = ofSaga();
    expect(attempts.every((r) => r.signatureValid)).toBe(true);
    const first = attempts.filter((r) => r.body.type === 'saga.partially_rolled_back');
    expect(first.length).toBeGreaterThanOrEqual(3);
    expect(new Set(first.map((r) => r.webhookId)).size).toBe(1);
    expect(first.map((r) => r.answer)).toEqual(expect.arrayContaining([503, 'hang', 200]));
    // In order: the incident's event was not sent until the saga's was delivered.
    const firstAccepted = attempts.findIndex((r) => r.body.type === 'saga.partially_rolled_back' && r.answer === 200);
    expect(attempts.findIndex((r) => r.body.type === 'incident.opened')).toBeGreaterThan(firstAccepted);
    expect(hooks.map((h) => h.body.type)).toEqual(['saga.partially_rolled_back', 'incident.opened']);
    const saga = (await waitForSaga(t.http, sagaId, (s) => (s as WithWebhooks).webhooks.every((w) => w.status === 'DELIVERED'))) as WithWebhooks;
    expect(saga.webhooks[0]).toMatchObject({ status: 'DELIVERED', lastError: null });
    expect(saga.webhooks[0].attempts).toBe(first.length);
  }, 60_000);
});
