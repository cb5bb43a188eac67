import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type TestAgent from 'supertest/lib/agent.js';
import { expectNoDoubleEffects } from './support/invariants.js';
import { aRegistration, type SagaView, step, waitForSaga } from './support/sagas.js';
import { startServer } from './support/server-process.js';
import { FAST, TEST_KEYS } from './support/test-app.js';

const SETTINGS = {
  FAULT_INJECTION: 'on',
  API_KEYS: FAST.API_KEYS,
  SAGA_RETRY_BASE_MS: '20',
  SAGA_RETRY_MAX_MS: '200',
  SAGA_POLL_INTERVAL_MS: '20',
  SANDBOX_LATENCY_MS: '2',
};
const OPERATOR = { Authorization: `Bearer ${TEST_KEYS.operator}` };
const ADMIN = { Authorization: `Bearer ${TEST_KEYS.admin}` };
const VIEWER = { Authorization: `Bearer ${TEST_KEYS.viewer}` };

/** What must hold for a closure once settled: closed means deleted and refunded once, rolled back means untouched. */
async function expectClosureSettled(http: TestAgent, saga: SagaView) {
  const userId = saga.userId!;
  const user = (await http.get(`/users/${userId}`).set(VIEWER).expect(200)).body.status;
  const payments = ((await http.get('/payments').set(VIEWER).query({ userId })).body as Array<{ status: string }>).map((p) => p.status);
  const mails = ((await http.get('/notifications').set(VIEWER).query({ userId })).body as Array<{ status: string }>).map((m) => m.status);
  const facts = { saga: saga.sagaId, status: saga.status, user, payments, mails };
  if (saga.status === 'COMPLETED') expect(facts).toEqual({ ...facts, user: 'DELETED', payments: ['REFUNDED'], mails: ['SENT', 'SENT'] });
  else expect(facts).toEqual({ ...facts, status: 'ROLLED_BACK', user: 'ACTIVE', payments: ['CHARGED'] });
}

/**
 * The account-closure saga on the built server, killed with SIGKILL inside each of its steps
 * (and at once after starting a batch, to land in the first ones), then started again.
 */
describe('account-closure crash safety (SIGKILL)', () => {
  let folder: string;
  let env: Record<string, string>;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'closure-crash-'));
    env = { ...SETTINGS, DATABASE_URL: `sqlite:${join(folder, 'registrations.db')}` };
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('finishes every closure killed inside each step, refunding exactly once', async () => {
    const logFile = join(folder, 'server.log');
    const first = await startServer(env, logFile);
    const users: Array<{ email: string; userId: string }> = [];
    for (let i = 0; i < 13; i++) {
      const body = aRegistration();
      const saga = (await first.http.post('/registrations').set('Prefer', 'wait=10').send(body).expect(200)).body;
      users.push({ email: body.email, userId: saga.userId });
    }
    const [inRefund, inGoodbye, inDelete, ...atRandom] = users;
    await first.http
      .put('/admin/faults')
      .set(ADMIN)
      .send({
        rules: [
          { operation: 'payments.refund', mode: 'hang', email: inRefund.email },
          { operation: 'notifications.send', mode: 'hang', email: inGoodbye.email },
          { operation: 'users.delete', mode: 'hang', email: inDelete.email },
        ],
      })
      .expect(200);
    const closeOf = async (userId: string) => (await first.http.post(`/users/${userId}/closure`).set(OPERATOR).send({}).expect(202)).body.sagaId as string;
    const targeted = [await closeOf(inRefund.userId), await closeOf(inGoodbye.userId), await closeOf(inDelete.userId)];
    await waitForSaga(first.http, targeted[0], (s) => step(s, 'refund-payment').status === 'RUNNING');
    await waitForSaga(first.http, targeted[1], (s) => step(s, 'send-goodbye-email').status === 'RUNNING');
    await waitForSaga(first.http, targeted[2], (s) => step(s, 'delete-account').status === 'RUNNING');
    const random: string[] = [];
    for (const { userId } of atRandom) random.push(await closeOf(userId));
    expect((await first.kill('SIGKILL')).signal).toBe('SIGKILL');

    const second = await startServer(env, logFile);
    try {
      const sagas = await Promise.all([...targeted, ...random].map((id) => waitForSaga(second.http, id, undefined, 30_000)));
      // Past the pivot (or at it, the refund being idempotent) every closure goes forward to the end.
      expect(sagas.slice(0, 3).map((s) => s.status)).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED']);
      expect(sagas.slice(0, 3).every((s) => s.history.some((h) => h.type === 'AttemptRedelivered'))).toBe(true);
      for (const saga of sagas) await expectClosureSettled(second.http, saga);
    } finally {
      await second.kill('SIGKILL');
    }
    await expectNoDoubleEffects(env.DATABASE_URL);
  }, 90_000);
});
