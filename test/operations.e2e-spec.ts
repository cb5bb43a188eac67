import { describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { aRegistration, register, setFaults, waitForSaga } from './support/sagas.js';
import { removeDatabases, startTestApp, suiteApp } from './support/test-app.js';

/** The value of one sample in a Prometheus text exposition, 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = text.split('\n').find((l) => {
    if (!l.startsWith(`${name}{`) && !l.startsWith(`${name} `)) return false;
    return wanted.every((pair) => l.includes(pair));
  });
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

describe('operators: health, metrics, stuck sagas', () => {
  const t = suiteApp({ SAGA_STUCK_AFTER_MS: '100' });

  it('/health is 200 while the database answers and the scheduler runs', async () => {
    const { body } = await t.http.get('/health').expect(200);
    expect(body.status).toBe('ok');
    expect(body.details).toMatchObject({ database: { status: 'up' }, scheduler: { status: 'up' } });
  });

  it('/metrics counts the sagas just run, by final status, step and failure', async () => {
    const before = (await t.http.get('/metrics').expect(200)).text;
    const failing = aRegistration();
    await setFaults(t.http, [{ operation: 'notifications.send', mode: 'error', email: failing.email }]);
    const sagas = [
      await register(t.http, aRegistration()),
      await register(t.http, aRegistration()),
      await register(t.http, aRegistration({ paymentMethod: 'pm_card_chargeDeclined' })),
      await register(t.http, failing),
    ];
    await Promise.all(sagas.map((s) => waitForSaga(t.http, s.sagaId)));
    await setFaults(t.http, []);

    const response = await t.http.get('/metrics').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    const delta = (name: string, labels: Record<string, string> = {}) => sample(response.text, name, labels) - sample(before, name, labels);
    expect(delta('saga_started_total')).toBe(4);
    expect(delta('saga_finished_total', { status: 'COMPLETED' })).toBe(2);
    expect(delta('saga_finished_total', { status: 'ROLLED_BACK' })).toBe(2);
    expect(delta('saga_step_attempts_total', { step: 'send-notification', direction: 'forward' })).toBe(2 + 3);
    expect(delta('saga_step_attempts_total', { step: 'charge-payment', direction: 'compensate' })).toBe(1);
    expect(delta('saga_step_failures_total', { step: 'charge-payment', direction: 'forward', kind: 'business' })).toBe(1);
    expect(delta('saga_step_failures_total', { step: 'send-notification', direction: 'forward', kind: 'transient' })).toBe(3);
    expect(delta('saga_step_duration_seconds_count', { step: 'create-account', direction: 'forward', outcome: 'succeeded' })).toBe(4);
    expect(sample(response.text, 'saga_in_flight', { status: 'RUNNING' })).toBe(0);
    expect(response.text).toContain('saga_outbox_backlog');
    expect(response.text).toContain('process_resident_memory_bytes');
  });

  it('counts and lists a saga unfinished for longer than SAGA_STUCK_AFTER_MS, and its open incident', async () => {
    const stuck = aRegistration();
    const partial = aRegistration();
    await setFaults(t.http, [
      { operation: 'payments.charge', mode: 'hang', email: stuck.email },
      { operation: 'payments.charge', mode: 'error', email: partial.email },
      { operation: 'users.delete', mode: 'error', email: partial.email },
    ]);
    const { sagaId } = await register(t.http, stuck);
    const done = await register(t.http, aRegistration(), { Prefer: 'wait=10' });
    await waitForSaga(t.http, (await register(t.http, partial)).sagaId);

    const deadline = Date.now() + 5_000;
    let listed: string[] = [];
    while (Date.now() < deadline && !listed.includes(sagaId)) {
      listed = (await t.http.get('/sagas').query({ stuck: 'true' }).expect(200)).body.items.map((s: { sagaId: string }) => s.sagaId);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(listed).toContain(sagaId);
    expect(listed).not.toContain(done.sagaId);
    const metrics = (await t.http.get('/metrics')).text;
    expect(sample(metrics, 'saga_stuck')).toBeGreaterThanOrEqual(1);
    expect(sample(metrics, 'saga_in_flight', { status: 'RUNNING' })).toBeGreaterThanOrEqual(1);
    expect(sample(metrics, 'saga_oldest_unfinished_age_seconds')).toBeGreaterThan(0.1);
    expect(sample(metrics, 'incidents_open')).toBeGreaterThanOrEqual(1);
    await t.http.get('/sagas').query({ stuck: 'maybe' }).expect(400);
    await setFaults(t.http, []);
  });
});

describe('health without a database', () => {
  it('/health turns 503 when the database is gone', async () => {
    const t = await startTestApp();
    try {
      await t.http.get('/health').expect(200);
      await t.app.get(DataSource).destroy();
      const { body } = await t.http.get('/health').expect(503);
      expect(body).toMatchObject({ statusCode: 503, status: 'error' });
      expect(body.message).toContain('database');
      expect(body.details.database.status).toBe('down');
    } finally {
      await t.close();
      await removeDatabases();
    }
  });
});
