import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { SagaStarter } from '../src/saga/engine/saga-starter.js';
import { orderModule, orderSagaV1, orderSagaV2, type OrderInput, warehouse } from './support/order-saga.js';
import { type SagaView, waitForSaga } from './support/sagas.js';
import { newDatabaseUrl, removeDatabases, startTestApp, type TestApp } from './support/test-app.js';

let orders = 0;
const anOrder = (): OrderInput => ({ orderId: `order-${++orders}-${Date.now()}`, sku: 'SKU-1', quantity: 2 });

async function startOrder(t: TestApp, input: OrderInput = anOrder()): Promise<string> {
  const result = await t.app.get(SagaStarter).start('order-fulfilment', input, null);
  if (result.outcome !== 'started') throw new Error(`order saga not started: ${result.outcome}`);
  return result.sagaId;
}

const statuses = (saga: SagaView) => saga.steps.map((s) => [s.name, s.status]);

describe('a saga defined only in a spec (four steps, one pivot), on the real engine and database', () => {
  let t: TestApp;
  afterEach(async () => {
    warehouse.reset();
    await t?.close();
  });
  afterAll(() => removeDatabases());

  it('runs to COMPLETED, one event class answering four different steps by correlation', async () => {
    t = await startTestApp({}, [orderModule([orderSagaV1])]);
    const saga = await waitForSaga(t.http, await startOrder(t));
    expect(saga.status).toBe('COMPLETED');
    expect(statuses(saga)).toEqual([['reserve-stock', 'SUCCEEDED'], ['charge-card', 'SUCCEEDED'], ['ship-order', 'SUCCEEDED'], ['notify-customer', 'SUCCEEDED']]);
    expect(saga.history.filter((h) => h.type === 'OrderStepDone').map((h) => h.step)).toEqual(['reserve-stock', 'charge-card', 'ship-order', 'notify-customer']);
    expect(saga).toMatchObject({ type: 'order-fulfilment', definitionVersion: 1, blocked: null, trackingNumber: expect.stringMatching(/^TRK-/) });
    expect(saga.steps.map((s) => (s as unknown as { kind: string }).kind)).toEqual(['compensatable', 'pivot', 'retriable', 'retriable']);
  });

  it('rolls back a failure before the pivot: the reservation is released', async () => {
    t = await startTestApp({}, [orderModule([orderSagaV1])]);
    warehouse.failures.set('ChargeCard', { times: 1, retryable: false });
    const saga = await waitForSaga(t.http, await startOrder(t));
    expect(saga.status).toBe('ROLLED_BACK');
    expect(statuses(saga)).toEqual([['reserve-stock', 'COMPENSATED'], ['charge-card', 'FAILED'], ['ship-order', 'PENDING'], ['notify-customer', 'PENDING']]);
    expect(saga.history.find((h) => h.type === 'CompensationStarted')).toMatchObject({ step: 'reserve-stock', data: { compensation: 'release-stock' } });
  });

  it('past the pivot only goes forward: a retriable step is retried beyond the attempt budget until it succeeds, and cannot be cancelled', async () => {
    t = await startTestApp({ SAGA_STEP_MAX_ATTEMPTS: '2' }, [orderModule([orderSagaV1])]);
    warehouse.failures.set('ShipOrder', { times: 5, retryable: true });
    const sagaId = await startOrder(t);
    await waitForSaga(t.http, sagaId, (s) => s.history.some((h) => h.type === 'RetryScheduled'));
    await t.http.post(`/sagas/${sagaId}/cancel`).send({ reason: 'too late' }).expect(409);
    const saga = await waitForSaga(t.http, sagaId);
    expect(saga.status).toBe('COMPLETED');
    expect(saga.steps.find((s) => s.name === 'ship-order')).toMatchObject({ status: 'SUCCEEDED', attempts: 6 });
    // Its own backoff (5 ms base, 20 ms cap), not the SAGA_RETRY_* defaults.
    const delays = saga.history.filter((h) => h.type === 'RetryScheduled').map((h) => h.data.delayMs as number);
    expect(Math.max(...delays)).toBeLessThanOrEqual(20);
    expect(saga.history.some((h) => h.type === 'CompensationTriggered')).toBe(false);
  });
});

describe('versioning fails closed', () => {
  afterAll(() => removeDatabases());

  it('keeps a saga whose definition version is no longer registered blocked and visible; with the old version kept beside the new, it finishes', async () => {
    const databaseUrl = await newDatabaseUrl();
    warehouse.hang.add('ShipOrder');
    const v1 = await startTestApp({ DATABASE_URL: databaseUrl }, [orderModule([orderSagaV1])]);
    const sagaId = await startOrder(v1);
    await waitForSaga(v1.http, sagaId, (s) => s.steps[2].status === 'RUNNING');
    await v1.close();
    warehouse.hang.clear();

    const v2 = await startTestApp({ DATABASE_URL: databaseUrl }, [orderModule([orderSagaV2])]);
    try {
      const blocked = (await v2.http.get(`/sagas/${sagaId}`).expect(200)).body;
      expect(blocked).toMatchObject({ status: 'RUNNING', definitionVersion: 1 });
      expect(blocked.blocked).toMatch(/order-fulfilment v1, which this process does not register; register v1 beside the new version/);
      const listed = (await v2.http.get('/sagas').query({ type: 'order-fulfilment' }).expect(200)).body.items;
      expect(listed.map((s: SagaView & { blocked: string | null }) => [s.sagaId, s.blocked !== null])).toEqual([[sagaId, true]]);
      const metrics = (await v2.http.get('/metrics').expect(200)).text;
      expect(metrics).toMatch(/^saga_blocked 1$/m);
      // New sagas start under v2 meanwhile, and run.
      const fresh = await waitForSaga(v2.http, await startOrder(v2));
      expect(fresh).toMatchObject({ status: 'COMPLETED', definitionVersion: 2 });
      expect(fresh.steps.map((s) => s.name)).toContain('dispatch-parcel');
      // Still blocked: never run under v2's steps.
      expect((await v2.http.get(`/sagas/${sagaId}`).expect(200)).body.steps[2]).toMatchObject({ name: 'ship-order', status: 'RUNNING' });
    } finally {
      await v2.close();
    }

    const both = await startTestApp({ DATABASE_URL: databaseUrl }, [orderModule([orderSagaV1, orderSagaV2])]);
    try {
      const finished = await waitForSaga(both.http, sagaId);
      expect(finished).toMatchObject({ status: 'COMPLETED', definitionVersion: 1, blocked: null });
      expect(finished.steps.map((s) => s.name)).toEqual(['reserve-stock', 'charge-card', 'ship-order', 'notify-customer']);
      expect((await both.http.get('/metrics').expect(200)).text).toMatch(/^saga_blocked 0$/m);
    } finally {
      await both.close();
    }
    // Three app starts on one database: several seconds on PostgreSQL on a loaded machine.
  }, 30_000);
});
