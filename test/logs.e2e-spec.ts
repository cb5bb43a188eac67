import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { aRegistration } from './support/sagas.js';
import { startServer } from './support/server-process.js';
import { newDatabaseUrl, removeDatabases } from './support/test-app.js';

/** What an operator reads: the built server's JSON log lines, as a real process writes them. */
describe('logs', () => {
  const folder = mkdtempSync(join(tmpdir(), 'registration-logs-'));
  afterAll(async () => {
    rmSync(folder, { recursive: true, force: true });
    await removeDatabases();
  });

  it('one JSON line per request at its level, and the saga narrated with its id', async () => {
    const logFile = join(folder, 'server.log');
    const server = await startServer({ DATABASE_URL: await newDatabaseUrl(), LOG_LEVEL: 'debug', LOG_FORMAT: 'json', SANDBOX_LATENCY_MS: '0' }, logFile);
    let sagaId: string;
    try {
      const done = await server.http.post('/registrations').set('Prefer', 'wait=10').send(aRegistration()).expect(200);
      sagaId = done.body.sagaId;
      await server.http.get('/no-such-route').expect(404);
      await server.http.post('/registrations').set('content-type', 'application/json').send('{"email": ').expect(400);
      await server.http.get('/health').expect(200);
    } finally {
      expect(await server.kill('SIGTERM')).toEqual({ code: 0, signal: null });
    }
    const lines = readFileSync(logFile, 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const requestLines = lines.filter((l) => l.context === 'HTTP');
    expect(requestLines).toContainEqual(expect.objectContaining({ level: 40, method: 'GET', url: '/no-such-route', statusCode: 404 }));
    expect(requestLines).toContainEqual(expect.objectContaining({ level: 20, method: 'POST', url: '/registrations', statusCode: 200 }));
    // Refused by the body parser, before any route: logged all the same.
    expect(requestLines).toContainEqual(expect.objectContaining({ level: 40, method: 'POST', url: '/registrations', statusCode: 400 }));
    // Health checks and scrapes are at trace, below debug.
    expect(requestLines.filter((l) => l.url === '/health')).toEqual([]);
    // Headers never reach the logs.
    expect(requestLines.every((l) => !('headers' in l) && !('req' in l))).toBe(true);
    const sagaLines = lines.filter((l) => l.sagaId === sagaId);
    expect(sagaLines.map((l) => l.event)).toEqual(expect.arrayContaining(['SagaStarted', 'StepSucceeded', 'SagaCompleted']));
    // Jest's default 5 s is less than the server takes to start on a loaded 2-core machine.
  }, 30_000);
});
