import { beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { type FuzzRequest, fuzzRequest } from './support/hostile-input.js';
import { aRegistration, waitForSaga } from './support/sagas.js';
import { suiteApp, TEST_KEYS } from './support/test-app.js';

/** Fixed, so a run's cost is known; the seed varies per run and is printed (FUZZ_SEED=<n> repeats one). */
const NUM_RUNS = 2_000;
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
const ADMIN = { Authorization: `Bearer ${TEST_KEYS.admin}` };
/** An error answer stays small whatever was sent (it was 928 kB for a body of 33,000 `{}`). */
const MAX_ERROR_BODY_BYTES = 8_192;

/**
 * Property: whatever arrives at a route that takes a body (right shape or hostile: wrong types,
 * huge and exponent numbers, lone surrogates, NUL, deep nesting, arrays, invisible characters,
 * other media types, odd headers and path ids), the answer is never a 5xx, and every error is
 * `{statusCode, error, message}` with at most 10 messages.
 */
describe(`fuzzed input at the edge (seed ${SEED})`, () => {
  const t = suiteApp({ RATE_LIMIT_PER_MINUTE: '0' });
  const known = { sagaId: 'unset', incidentId: 'unset' };
  /** Over a port listened on once: supertest would otherwise listen and close per request. */
  let http: TestAgent;

  beforeAll(async () => {
    const server = t.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    http = request(`http://127.0.0.1:${(server.address() as { port: number }).port}`);
    // One saga with an open incident, so retry and resolve also reach their real code paths.
    const body = aRegistration();
    const rules = [
      { operation: 'notifications.send', mode: 'error', message: 'SMTP down', email: body.email },
      { operation: 'payments.refund', mode: 'error', message: 'gateway down', email: body.email },
    ];
    await t.http.put('/admin/faults').set(ADMIN).send({ rules }).expect(200);
    const started = await t.http.post('/registrations').set(ADMIN).send(body).expect(202);
    const saga = await waitForSaga(t.http, started.body.sagaId);
    await t.http.delete('/admin/faults').set(ADMIN).expect(204);
    Object.assign(known, { sagaId: saga.sagaId, incidentId: saga.incidentId });
  });

  const send = (r: FuzzRequest) => {
    const pending = http[r.method](r.path).set(ADMIN).set(r.headers);
    return r.body === undefined ? pending : pending.send(r.body);
  };

  it(`answers ${NUM_RUNS} generated requests with no 5xx and every error in the contract's shape`, async () => {
    process.stdout.write(`fuzz: seed ${SEED}, ${NUM_RUNS} runs (FUZZ_SEED=${SEED} to repeat)\n`);
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fuzzRequest(known), async (r) => {
        const response = await send(r);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        expect(response.status).toBeLessThan(500);
        if (response.status >= 400) {
          const body = response.body as Record<string, unknown>;
          expect(body.statusCode).toBe(response.status);
          expect(typeof body.error).toBe('string');
          const messages = Array.isArray(body.message) ? body.message : [body.message];
          expect(messages.length).toBeGreaterThan(0);
          expect(messages.length).toBeLessThanOrEqual(10);
          for (const message of messages) expect(typeof message).toBe('string');
          expect(Buffer.byteLength(response.text)).toBeLessThanOrEqual(MAX_ERROR_BODY_BYTES);
          expect(response.text).not.toMatch(/at .+\.(ts|js):\d+/);
        }
      }),
      { seed: SEED, numRuns: NUM_RUNS, endOnFailure: false },
    );
    process.stdout.write(`fuzz: statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}\n`);
    // The mix reaches past the edge: some requests were accepted, some refused by each layer.
    expect(statuses.get(202) ?? 0).toBeGreaterThan(0);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(0);
    expect(statuses.get(404) ?? 0).toBeGreaterThan(0);
    expect(statuses.get(413) ?? 0).toBeGreaterThan(0);
    expect(statuses.get(415) ?? 0).toBeGreaterThan(0);
  }, 120_000);
});
