import { expect } from '@jest/globals';
import type TestAgent from 'supertest/lib/agent.js';
import { aRegistration, register, waitForSaga } from './sagas.js';
import { until } from './until.js';
import type { WebhookReceiver } from './webhook-receiver.js';

/**
 * One of each thing the service does for sagas: a registration, a declined one (its
 * compensation), an account closure, the webhooks of all three to `receiver`, and every read
 * route (lists, a view, incidents, payments, notifications, metrics, health). The query-plan
 * specs record the statements this makes the service run.
 */
export async function workEveryPath(http: TestAgent, receiver: WebhookReceiver): Promise<void> {
  const completed = await register(http, aRegistration(), { Prefer: 'wait=10' });
  expect(completed.status).toBe('COMPLETED');
  const declined = await register(http, aRegistration({ paymentMethod: 'pm_card_chargeDeclinedInsufficientFunds' }));
  expect((await waitForSaga(http, declined.sagaId)).status).toBe('ROLLED_BACK');
  const closure = await http.post(`/users/${completed.userId}/closure`).set('Prefer', 'wait=10').send({ reason: 'asked by the customer' }).expect(200);
  expect(closure.body.status).toBe('COMPLETED');
  const sagaIds = [completed.sagaId, declined.sagaId, closure.body.sagaId as string];
  await until('each saga told by webhook', async () => sagaIds.every((id) => receiver.ofSaga(id).length > 0), 15_000);
  for (const path of ['/sagas', `/sagas/${completed.sagaId}`, '/incidents', `/payments?userId=${completed.userId}`, `/notifications?userId=${completed.userId}`, '/metrics', '/health']) {
    await http.get(path).expect(200);
  }
}
