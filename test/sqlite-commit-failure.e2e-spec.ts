import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { UnhandledExceptionBus } from '@nestjs/cqrs';
import { filter, firstValueFrom, timeout } from 'rxjs';
import type TestAgent from 'supertest/lib/agent.js';
import { DatabaseUnavailableError } from '../src/infra/database/database-unavailable.error.js';
import { assertImmutableFilesWork, setImmutable } from './support/immutable-file.js';
import { expectNoDoubleEffects, expectSettled } from './support/invariants.js';
import { aRegistration, FINAL, register, type SagaView, waitForSaga } from './support/sagas.js';
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

/**
 * A real SQLite file whose writes fail: the WAL made immutable fails the real COMMIT with a disk
 * I/O error, as a failing or full disk does. Always SQLite, whatever TEST_DATABASE_URL says.
 */
describe('SQLite when commits fail', () => {
  let folder: string;
  let databaseUrl: string;
  let wal: string;
  const apps: TestApp[] = [];
  const start = async (env: Record<string, string> = {}) => {
    const app = await startTestApp({ DATABASE_URL: databaseUrl, SAGA_STEP_TIMEOUT_MS: '1500', SANDBOX_LATENCY_MS: '150', ...env });
    apps.push(app);
    return app;
  };
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'registration-commit-failure-'));
    assertImmutableFilesWork(folder);
    databaseUrl = `sqlite:${join(folder, 'registrations.db')}`;
    wal = join(folder, 'registrations.db-wal');
  });
  afterAll(async () => {
    for (const app of apps) await app.close().catch(() => undefined);
    rmSync(folder, { recursive: true, force: true });
  });

  it('while the WAL cannot be written registrations answer 503 and /health 503; once it can, everything acknowledged completes and survives a restart', async () => {
    const t = await start();
    const before = await register(t.http, aRegistration(), { Prefer: 'wait=10' });
    expect(before.status).toBe('COMPLETED');
    // Out when the disk fails: its next decisions cannot commit, and must be taken again later.
    const inFlight = await register(t.http, aRegistration());
    expect(inFlight.status).toBe('RUNNING');
    const lostDecision = firstValueFrom(
      t.app.get(UnhandledExceptionBus).pipe(
        filter(({ exception }) => exception instanceof DatabaseUnavailableError),
        timeout(10_000),
      ),
    );

    setImmutable(wal, true);
    let refused: Array<{ status: number; body: Record<string, unknown> }>;
    let health: Record<string, unknown>;
    try {
      refused = await Promise.all(
        Array.from({ length: 6 }, async (_, i) => {
          const response = await t.http.post('/registrations').set('Prefer', i % 2 ? 'wait=2' : 'wait=0').send(aRegistration());
          return { status: response.status, body: response.body as Record<string, unknown> };
        }),
      );
      health = await waitForHealth(t.http, 503);
      await lostDecision;
    } finally {
      setImmutable(wal, false);
    }
    for (const answer of refused) {
      expect(answer).toEqual({
        status: 503,
        body: { statusCode: 503, error: 'Service Unavailable', code: 'DATABASE.UNAVAILABLE', message: expect.stringContaining('nothing was written') },
      });
    }
    expect(health).toMatchObject({ details: { database: { status: 'down', message: expect.stringContaining('disk I/O error') } } });

    await waitForHealth(t.http, 200);
    const after = await Promise.all(Array.from({ length: 4 }, () => register(t.http, aRegistration(), { Prefer: 'wait=10' })));
    expect(after.map((s) => s.status)).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED', 'COMPLETED']);
    // Its answer was lost with the decision that could not commit; the attempt's deadline brings it back.
    const recovered = await waitForSaga(t.http, inFlight.sagaId, (s) => FINAL.includes(s.status), 20_000);
    expect(recovered.status).toBe('COMPLETED');

    await t.close();
    const restarted = await start();
    const acknowledged = [before, inFlight, ...after];
    const stored: SagaView[] = [];
    for (const saga of acknowledged) stored.push((await restarted.http.get(`/sagas/${saga.sagaId}`).expect(200)).body);
    expect(stored.map((s) => s.status)).toEqual(acknowledged.map(() => 'COMPLETED'));
    await expectSettled(restarted.http, stored);
    // Nothing refused was written: exactly the acknowledged sagas are in the file.
    const all = (await restarted.http.get('/sagas').query({ limit: 100 }).expect(200)).body.items as SagaView[];
    expect(all.map((s) => s.sagaId).sort()).toEqual(acknowledged.map((s) => s.sagaId).sort());
    await expectNoDoubleEffects(databaseUrl);
  }, 60_000);

  it('/health is 503, and writes are refused, once the data directory is removed under the running process', async () => {
    const removable = mkdtempSync(join(tmpdir(), 'registration-removed-'));
    const t = await start({ DATABASE_URL: `sqlite:${join(removable, 'data', 'registrations.db')}` });
    await register(t.http, aRegistration(), { Prefer: 'wait=10' });
    await waitForHealth(t.http, 200);
    rmSync(removable, { recursive: true, force: true });
    const health = await waitForHealth(t.http, 503);
    expect(health.details.database).toEqual({ status: 'down', message: expect.stringContaining('was removed while in use') });
    // The process could go on writing into the deleted file, to lose it all at the next start.
    const { body } = await t.http.post('/registrations').send(aRegistration()).expect(503);
    expect(body.code).toBe('DATABASE.UNAVAILABLE');
  }, 30_000);
});
