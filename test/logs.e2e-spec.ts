import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { aRegistration, waitForSaga } from './support/sagas.js';
import { startServer } from './support/server-process.js';
import { newDatabaseUrl, removeDatabases, TEST_KEYS } from './support/test-app.js';

/** The JSON lines of a server's log file. */
const jsonLines = (logFile: string) =>
  readFileSync(logFile, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/** What an operator reads: the built server's JSON log lines, as a real process writes them. */
// Each test starts the built server, which alone takes 4-5 s on this 2-core machine under load.
const SERVER_TEST_MS = 30_000;

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
  }, SERVER_TEST_MS);

  it('holds e-mail addresses only masked and no credential, even for a path with a line break (%0A, %0D)', async () => {
    const logFile = join(folder, 'hygiene.log');
    const server = await startServer(
      { DATABASE_URL: await newDatabaseUrl(), LOG_LEVEL: 'trace', LOG_FORMAT: 'json', FAULT_INJECTION: 'on', SANDBOX_LATENCY_MS: '0', SAGA_RETRY_BASE_MS: '10', SAGA_RETRY_MAX_MS: '20' },
      logFile,
    );
    const body = aRegistration();
    const wrongSecret = 'not-a-key-of-this-service-0123456789';
    try {
      // A partial rollback: the address is in the start line, the injected faults and the incident's effects.
      await server.http.put('/admin/faults').send({
        rules: [
          { operation: 'payments.charge', mode: 'error', email: body.email },
          { operation: 'users.delete', mode: 'error', message: 'user store unavailable', email: body.email },
        ],
      }).expect(200);
      const started = await server.http.post('/registrations').send(body).expect(202);
      expect((await waitForSaga(server.http, started.body.sagaId)).status).toBe('PARTIALLY_ROLLED_BACK');
      for (const path of ['/sagas%0A', '/sagas/x%0D%0Ay', '/health%0A', '/no%0d%0asuch']) await server.http.get(path);
      await server.http.get('/sagas').set('Authorization', `Bearer ${wrongSecret}`).expect(401);
      await server.http.post('/sagas/x%0A/retry').set('Authorization', `Bearer ${TEST_KEYS.operator}`).expect(404);
      // An address in a query, plain or percent-encoded, reaches the request line's `url` and message.
      for (const query of ['email=ada.secret@example.com', 'email=ada4%40example.com', 'email=%61da5%40example%2Ecom%0A', 'q=ada6%40example.com%ZZ']) {
        await server.http.get(`/sagas?${query}`).set('Authorization', `Bearer ${TEST_KEYS.viewer}`);
      }
    } finally {
      expect(await server.kill('SIGTERM')).toEqual({ code: 0, signal: null });
    }
    const text = readFileSync(logFile, 'utf8');
    const lines = jsonLines(logFile);
    const [user, domain] = body.email.split('@');
    expect(text).not.toContain(body.email);
    expect(text).not.toMatch(/ada\.secret|ada4|ada5|%61da5|ada6/);
    const queried = lines.filter((l) => l.context === 'HTTP' && typeof l.url === 'string' && /^\/sagas\?(email|q)=/.test(l.url));
    expect(queried.map((l) => l.url)).toEqual(['/sagas?email=a***@example.com', '/sagas?email=a***@example.com', '/sagas?email=a***@example.com%0A', '/sagas?q=a***@example.com%ZZ']);
    expect(queried.every((l) => typeof l.msg === 'string' && l.msg.includes(l.url as string))).toBe(true);
    expect(text).toContain(`${user[0]}***@${domain}`);
    expect(lines.some((l) => l.context === 'FaultInjector')).toBe(true);
    expect(lines.some((l) => l.event === 'IncidentOpened')).toBe(true);
    for (const secret of [...Object.values(TEST_KEYS), wrongSecret]) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/authorization|bearer/i);
    // No line of pino-http's (a `req` with every header), whatever the path.
    expect(lines.filter((l) => 'req' in l || 'res' in l)).toEqual([]);
    // The line-break paths were logged, as request lines with no headers.
    const broken = lines.filter((l) => typeof l.url === 'string' && /%0a|%0d/i.test(l.url));
    expect(broken.length).toBe(6);
    expect(broken.every((l) => l.context === 'HTTP' && !('req' in l) && !('headers' in l))).toBe(true);
  }, SERVER_TEST_MS);

  it('at LOG_LEVEL=warn narrates only what went wrong', async () => {
    const logFile = join(folder, 'warn.log');
    const server = await startServer(
      { DATABASE_URL: await newDatabaseUrl(), LOG_LEVEL: 'warn', LOG_FORMAT: 'json', FAULT_INJECTION: 'on', SANDBOX_LATENCY_MS: '0' },
      logFile,
    );
    const body = aRegistration();
    let sagaId: string;
    try {
      await server.http.put('/admin/faults').send({ rules: [{ operation: 'payments.charge', mode: 'error', email: body.email }] }).expect(200);
      const done = await server.http.post('/registrations').set('Prefer', 'wait=10').send(body).expect(200);
      expect(done.body.status).toBe('ROLLED_BACK');
      sagaId = done.body.sagaId;
    } finally {
      expect(await server.kill('SIGTERM')).toEqual({ code: 0, signal: null });
    }
    const sagaLines = jsonLines(logFile).filter((l) => l.sagaId === sagaId);
    expect(sagaLines.map((l) => l.event)).toEqual(expect.arrayContaining(['StepFailed', 'CompensationTriggered']));
    expect(sagaLines.every((l) => (l.level as number) >= 40)).toBe(true);
  }, SERVER_TEST_MS);
});
