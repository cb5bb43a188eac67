import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type TestAgent from 'supertest/lib/agent.js';
import { DatabaseUnavailableError } from '../src/infra/database/database-unavailable.error.js';
import { UnitOfWork } from '../src/infra/database/unit-of-work.js';
import { admin, databaseUrl as urlOf } from './support/postgres-admin.js';
import { aRegistration, register } from './support/sagas.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Polls `/health` until it answers `status`, failing after `timeoutMs`. */
async function waitForHealth(http: TestAgent, status: number, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await http.get('/health');
    if (response.status === status) return response.body as { details: Record<string, { status: string; message?: string }> };
    if (Date.now() > deadline) throw new Error(`/health still ${response.status} after ${timeoutMs} ms: ${JSON.stringify(response.body)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** PostgreSQL losing the service's connections under it (the admin terminates every backend of the database). */
describe('PostgreSQL when connections are lost', () => {
  const name = `connloss_${randomBytes(5).toString('hex')}`;
  let t: TestApp;
  const terminateBackends = () =>
    admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid()`);
  beforeAll(async () => {
    await admin(`CREATE DATABASE ${name}`);
    t = await startTestApp({ DATABASE_URL: urlOf(name) });
  });
  afterAll(async () => {
    await t?.close();
    await admin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  it('transactions whose connection is terminated fail as DATABASE.UNAVAILABLE, and later work commits', async () => {
    const uow = t.app.get(UnitOfWork);
    let release!: () => void;
    const released = new Promise<void>((done) => (release = done));
    // PostgreSQL's writes go through one queue (group commit, UnitOfWork): the three below join
    // one batch, on one connection, queued while a first job holds the queue.
    let holding!: () => void;
    const holds = new Promise<void>((done) => (holding = done));
    let openGate!: () => void;
    const gateOpened = new Promise<void>((done) => (openGate = done));
    const gate = uow.transaction(async () => {
      holding();
      await gateOpened;
    });
    await holds;
    let opened!: () => void;
    const open = new Promise<void>((done) => (opened = done));
    for (let i = 0; i < 3; i++) {
      held.push(
        uow.transaction(async (manager) => {
          await manager.query('SELECT 1');
          opened();
          await released;
          await manager.query('SELECT 1');
        }),
      );
    }
    openGate();
    await gate;
    await open;
    await terminateBackends();
    release();
    const outcomes = await Promise.allSettled(held);
    for (const outcome of outcomes) expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(DatabaseUnavailableError);

    expect(await uow.transaction((manager) => manager.query('SELECT 1 AS one'))).toEqual([{ one: 1 }]);
    const sagas = await Promise.all(Array.from({ length: 5 }, () => register(t.http, aRegistration(), { Prefer: 'wait=10' })));
    expect(sagas.map((s) => s.status)).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED', 'COMPLETED', 'COMPLETED']);
    await waitForHealth(t.http, 200);
  }, 30_000);
  const held: Array<Promise<void>> = [];

  it('/health is 503 and registrations answer 503 while the database refuses connections; both recover after', async () => {
    await waitForHealth(t.http, 200);
    await admin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
    await terminateBackends();
    const down = await waitForHealth(t.http, 503);
    expect(down.details.database.status).toBe('down');
    const { body } = await t.http.post('/registrations').send(aRegistration()).expect(503);
    expect(body).toMatchObject({ statusCode: 503, code: 'DATABASE.UNAVAILABLE' });

    await admin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
    await waitForHealth(t.http, 200);
    expect((await register(t.http, aRegistration(), { Prefer: 'wait=10' })).status).toBe('COMPLETED');
  }, 30_000);
});
