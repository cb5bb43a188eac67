import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectNoDoubleEffects, expectSettled } from './support/invariants.js';
import { aRegistration, type Registration, type SagaView, step, waitForSaga } from './support/sagas.js';
import { postJson } from './support/raw-http.js';
import { type ServerProcess, startServer } from './support/server-process.js';
import { FAST, TEST_KEYS } from './support/test-app.js';
import { until } from './support/until.js';

const SETTINGS = {
  FAULT_INJECTION: 'on',
  SAGA_RETRY_BASE_MS: '20',
  SAGA_RETRY_MAX_MS: '200',
  SAGA_POLL_INTERVAL_MS: '20',
  SANDBOX_LATENCY_MS: '2',
};

/**
 * The real server as a child process on a SQLite file, killed with SIGKILL at chosen and at
 * random points, then started again on the same file.
 */
describe('crash safety (SIGKILL)', () => {
  let folder: string;
  let dbPath: string;
  let logFile: string;
  let env: Record<string, string>;
  const start = () => startServer(env, logFile);

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'registration-crash-'));
    dbPath = join(folder, 'registrations.db');
    logFile = join(folder, 'server.log');
    env = { ...SETTINGS, DATABASE_URL: `sqlite:${dbPath}` };
  });
  afterAll(() => {
    if (process.env.KEEP_CRASH_FILES) console.log(`crash test files in ${folder}`);
    else rmSync(folder, { recursive: true, force: true });
  });

  it('finishes every saga killed inside each step and each compensation, with no effect repeated', async () => {
    const cases: Array<{ body: Registration; faults: object[]; stoppedWhen: (s: SagaView) => boolean; expected: string }> = [];
    const add = (overrides: Partial<Registration>, faults: (email: string) => object[], stoppedWhen: (s: SagaView) => boolean, expected: string) => {
      const body = aRegistration(overrides);
      cases.push({ body, faults: faults(body.email), stoppedWhen, expected });
    };
    add({}, (email) => [{ operation: 'users.create', mode: 'hang', email }], (s) => step(s, 'create-account').status === 'RUNNING', 'COMPLETED');
    add({}, (email) => [{ operation: 'payments.charge', mode: 'hang', email }], (s) => step(s, 'charge-payment').status === 'RUNNING', 'COMPLETED');
    add({}, (email) => [{ operation: 'notifications.send', mode: 'hang', email }], (s) => step(s, 'send-notification').status === 'RUNNING', 'COMPLETED');
    add(
      {},
      (email) => [
        { operation: 'notifications.send', mode: 'error', email },
        { operation: 'payments.refund', mode: 'hang', email },
      ],
      (s) => step(s, 'charge-payment').status === 'COMPENSATING',
      'ROLLED_BACK',
    );
    add(
      { paymentMethod: 'pm_card_chargeDeclined' },
      (email) => [{ operation: 'users.delete', mode: 'hang', email }],
      (s) => step(s, 'create-account').status === 'COMPENSATING',
      'ROLLED_BACK',
    );
    add(
      {},
      (email) => [
        { operation: 'notifications.send', mode: 'error', times: 1, email },
        { operation: 'notifications.send', mode: 'hang', email },
      ],
      (s) => step(s, 'send-notification').attempts === 2 && step(s, 'send-notification').status === 'RUNNING',
      'COMPLETED',
    );

    const first = await start();
    await first.http.put('/admin/faults').send({ rules: cases.flatMap((c) => c.faults) }).expect(200);
    const ids: string[] = [];
    for (const c of cases) ids.push((await first.http.post('/registrations').send(c.body).expect(202)).body.sagaId);
    for (const [i, c] of cases.entries()) await waitForSaga(first.http, ids[i], c.stoppedWhen);
    expect((await first.kill('SIGKILL')).signal).toBe('SIGKILL');

    const second = await start();
    try {
      const sagas = await Promise.all(ids.map((id) => waitForSaga(second.http, id)));
      expect(sagas.map((s) => s.status)).toEqual(cases.map((c) => c.expected));
      expect(sagas.every((s) => s.history.some((h) => h.type === 'AttemptRedelivered'))).toBe(true);
      expect(step(sagas[5], 'send-notification').attempts).toBe(2);
      await expectSettled(second.http, sagas);
    } finally {
      await second.kill('SIGKILL');
    }
    await expectNoDoubleEffects(env.DATABASE_URL);
  }, 60_000);

  it('survives SIGKILL at random instants under load', async () => {
    const rounds = 5;
    const perRound = 30;
    const all: Array<{ body: Registration; key: string }> = [];
    for (let round = 0; round < rounds; round++) {
      const server = await start();
      const batch = Array.from({ length: perRound }, (_, i) => {
        const paymentMethod = ['pm_card_visa', 'pm_card_mastercard', 'pm_card_chargeDeclined'][i % 3];
        const body = aRegistration({ paymentMethod });
        return { body, key: `crash-${body.email}` };
      });
      all.push(...batch);
      await server.http
        .put('/admin/faults')
        .send({
          rules: batch.flatMap(({ body }, i) =>
            i % 4 === 1
              ? [
                  { operation: 'notifications.send', mode: 'error', email: body.email },
                  { operation: 'payments.refund', mode: 'error', times: 2, email: body.email },
                ]
              : [],
          ),
        })
        .expect(200);
      const posting = batch.map(({ body, key }) => server.http.post('/registrations').set('Idempotency-Key', key).send(body).then(() => undefined, () => undefined));
      await new Promise((r) => setTimeout(r, 20 + Math.floor(Math.random() * 250)));
      await server.kill('SIGKILL');
      await Promise.all(posting);
    }

    const last = await start();
    try {
      // Ask again with each key: the saga that request started, or a new one if it never committed.
      const ids: string[] = [];
      for (const { body, key } of all) {
        const response = await last.http.post('/registrations').set('Idempotency-Key', key).send(body);
        expect([200, 202]).toContain(response.status);
        ids.push(response.body.sagaId);
      }
      const sagas = await Promise.all(ids.map((id) => waitForSaga(last.http, id, undefined, 30_000)));
      await expectSettled(last.http, sagas);
      const declined = sagas.filter((_, i) => all[i].body.paymentMethod === 'pm_card_chargeDeclined');
      expect(declined.every((s) => s.status === 'ROLLED_BACK')).toBe(true);
    } finally {
      await last.kill('SIGKILL');
    }
    await expectNoDoubleEffects(env.DATABASE_URL);
  }, 120_000);
});

describe('SIGTERM', () => {
  it('stops taking requests, exits 0 within 10 seconds, and the sagas it left finish after a restart', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'registration-term-'));
    const env = { ...SETTINGS, DATABASE_URL: `sqlite:${join(folder, 'registrations.db')}`, SAGA_RETRY_BASE_MS: '500' };
    try {
      const server: ServerProcess = await startServer(env, join(folder, 'server.log'));
      const body = aRegistration();
      await server.http.put('/admin/faults').send({ rules: [{ operation: 'notifications.send', mode: 'error', times: 1, email: body.email }] }).expect(200);
      const { sagaId } = (await server.http.post('/registrations').send(body).expect(202)).body;
      await waitForSaga(server.http, sagaId, (s) => s.history.some((h) => h.type === 'RetryScheduled'));
      const asked = Date.now();
      const exit = await server.kill('SIGTERM');
      expect(exit.code).toBe(0);
      expect(Date.now() - asked).toBeLessThan(10_000);

      const again = await startServer(env, join(folder, 'server.log'));
      try {
        expect((await waitForSaga(again.http, sagaId)).status).toBe('COMPLETED');
      } finally {
        await again.kill('SIGKILL');
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 60_000);

  it('answers every request waiting on Prefer: wait at once with 202 and the saga as it stands, resets none, and exits 0', async () => {
    const waiting = 100;
    const drainMs = 4_000;
    const folder = mkdtempSync(join(tmpdir(), 'registration-term-'));
    const env = { ...SETTINGS, DATABASE_URL: `sqlite:${join(folder, 'registrations.db')}`, API_KEYS: FAST.API_KEYS, SHUTDOWN_DRAIN_MS: String(drainMs) };
    const admin = { Authorization: `Bearer ${TEST_KEYS.admin}` };
    const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
    try {
      const server = await startServer(env, join(folder, 'server.log'));
      // The e-mail never answers, so no saga can finish within the 30 s the requests wait.
      await server.http.put('/admin/faults').set(admin).send({ rules: [{ operation: 'notifications.send', mode: 'hang' }] }).expect(200);
      const answers = Array.from({ length: waiting }, () => postJson(server.url, '/registrations', aRegistration(), { Prefer: 'wait=30' }, agent));
      const failed = answers.map((answer) => answer.then(() => null, (error: NodeJS.ErrnoException) => error.code ?? error.message));
      await until('every saga waits on its e-mail', async () => {
        const { body } = await server.http.get('/admin/faults').set(admin).expect(200);
        return body.rules[0].fired === waiting;
      });

      const asked = Date.now();
      server.child.kill('SIGTERM');
      expect((await Promise.all(failed)).filter(Boolean)).toEqual([]);
      const answered = await Promise.all(answers);
      for (const answer of answered) {
        const saga = answer.body as SagaView;
        expect({ status: answer.status, location: answer.headers.location, sagaStatus: saga.status, connection: answer.headers.connection }).toEqual({
          status: 202,
          location: `/sagas/${saga.sagaId}`,
          sagaStatus: 'RUNNING',
          connection: 'close',
        });
        expect(step(saga, 'send-notification').status).toBe('RUNNING');
      }
      // At once: before the drain of the hanging attempts ended, not when the 30 s ran out.
      expect(Math.max(...answered.map((a) => a.at - asked))).toBeLessThan(drainMs);
      expect(await server.exited).toEqual({ code: 0, signal: null });
    } finally {
      agent.destroy();
      rmSync(folder, { recursive: true, force: true });
    }
  }, 60_000);
});
