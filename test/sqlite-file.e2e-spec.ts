import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { assertImmutableFilesWork, whileImmutable } from './support/immutable-file.js';
import { aRegistration, register, waitForSaga } from './support/sagas.js';
import { runUntilExit, type ServerProcess, startServer } from './support/server-process.js';

/** The lines of a JSON log file that parse. */
function jsonLines(file: string): Array<Record<string, unknown>> {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Polls `file` until one of its JSON lines matches, failing after `timeoutMs`. */
async function waitForLine(file: string, matches: (line: Record<string, unknown>) => boolean, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = jsonLines(file).find(matches);
    if (line) return line;
    if (Date.now() > deadline) throw new Error(`no matching line in ${file} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The built server on a SQLite file, as real processes: one file, one server. */
describe('one SQLite file, one server process', () => {
  let folder: string;
  const servers: ServerProcess[] = [];
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'registration-file-'));
  });
  afterAll(async () => {
    for (const server of servers) if (server.child.exitCode === null && server.child.signalCode === null) await server.kill('SIGKILL');
    rmSync(folder, { recursive: true, force: true });
  });

  it('a second process on a served file refuses to start in one line naming it; once the first is SIGKILLed a new one starts', async () => {
    const path = join(folder, 'served.db');
    const env = { DATABASE_URL: `sqlite:${path}`, LOG_LEVEL: 'info', LOG_FORMAT: 'json' };
    const first = await startServer(env, join(folder, 'first.log'));
    servers.push(first);
    const second = await runUntilExit(env);
    expect(second.code).not.toBe(0);
    expect(second.code).not.toBeNull();
    expect(second.output.trim().split('\n')).toEqual([expect.stringContaining(path)]);
    // The first one never noticed.
    const saga = await register(first.http, aRegistration(), { Prefer: 'wait=10' });
    expect(saga.status).toBe('COMPLETED');

    await first.kill('SIGKILL');
    const third = await startServer(env, join(folder, 'third.log'));
    servers.push(third);
    expect((await third.http.get(`/sagas/${saga.sagaId}`).expect(200)).body.status).toBe('COMPLETED');
    expect((await register(third.http, aRegistration(), { Prefer: 'wait=10' })).status).toBe('COMPLETED');
    expect(await third.kill('SIGTERM')).toEqual({ code: 0, signal: null });
  }, 90_000);

  it('an exception thrown by a command handler is logged as JSON with its error and stack', async () => {
    assertImmutableFilesWork(folder);
    const path = join(folder, 'logged.db');
    const logFile = join(folder, 'logged.log');
    const env = { DATABASE_URL: `sqlite:${path}`, LOG_LEVEL: 'info', LOG_FORMAT: 'json', SANDBOX_LATENCY_MS: '200', SAGA_STEP_TIMEOUT_MS: '1000' };
    const server = await startServer(env, logFile);
    servers.push(server);
    const { sagaId } = await register(server.http, aRegistration());
    // The module's answer arrives while nothing can commit: recording it throws in the handler.
    const line = await whileImmutable(`${path}-wal`, () => waitForLine(logFile, (l) => l.context === 'Handlers'));
    expect(line).toMatchObject({ level: 50, cause: 'RecordStepOutcome', sagaId, err: { type: 'DatabaseUnavailableError', message: expect.stringContaining('nothing was written') } });
    expect((line.err as { stack: string }).stack).toMatch(/^DatabaseUnavailableError: .*\n\s+at /);
    expect((await waitForSaga(server.http, sagaId)).status).toBe('COMPLETED');
    expect(await server.kill('SIGTERM')).toEqual({ code: 0, signal: null });
  }, 60_000);
});
