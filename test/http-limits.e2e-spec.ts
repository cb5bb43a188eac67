import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Agent } from 'node:http';
import { openAndAsk, postJson, trickle } from './support/raw-http.js';
import { aRegistration } from './support/sagas.js';
import { type ServerProcess, startServer } from './support/server-process.js';
import { FAST, newDatabaseUrl, removeDatabases, TEST_KEYS } from './support/test-app.js';
import { until } from './support/until.js';

const HEADERS_TIMEOUT_MS = 600;
const REQUEST_TIMEOUT_MS = 1_800;
const MAX_CONNECTIONS = 6;
/** How late after its limit a cut may come: Node's check interval (60 ms here) plus a loaded machine. */
const LATE_MS = 1_500;
const TIMED_OUT = 'HTTP/1.1 408 Request Timeout\r\n';

/**
 * The built server (main.ts, as deployed) with small limits, against raw TCP clients that send
 * too slowly or open too many connections.
 */
describe('slow and greedy clients (the built server)', () => {
  let folder: string;
  let server: ServerProcess;
  let port: number;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'registration-limits-'));
    server = await startServer(
      {
        DATABASE_URL: await newDatabaseUrl(),
        LOG_LEVEL: 'silent',
        FAULT_INJECTION: 'on',
        API_KEYS: FAST.API_KEYS,
        HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
        HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
        HTTP_KEEP_ALIVE_TIMEOUT_MS: '30000',
        HTTP_MAX_CONNECTIONS: String(MAX_CONNECTIONS),
      },
      join(folder, 'server.log'),
    );
    port = Number(new URL(server.url).port);
  }, 30_000);
  afterAll(async () => {
    await server?.kill('SIGKILL');
    await removeDatabases();
    rmSync(folder, { recursive: true, force: true });
  });

  it(`refuses connections over ${MAX_CONNECTIONS} and takes new ones once some close`, async () => {
    const extra = 3;
    const held = [];
    // One at a time, so which ones are over the cap is deterministic.
    for (let i = 0; i < MAX_CONNECTIONS + extra; i++) held.push(await openAndAsk(port, '/health'));
    const served = held.filter((c) => c.statusLine === 'HTTP/1.1 200 OK');
    const refused = held.filter((c) => c.statusLine === null);
    try {
      // First in the file, so that only the start-up check's keep-alive connection may still be
      // open and count against the cap.
      expect(served.length).toBeLessThanOrEqual(MAX_CONNECTIONS);
      expect(served.length).toBeGreaterThanOrEqual(MAX_CONNECTIONS - 1);
      expect(refused.length).toBe(MAX_CONNECTIONS + extra - served.length);
      expect(held.slice(served.length).every((c) => c.statusLine === null)).toBe(true);
    } finally {
      for (const c of held) c.socket.destroy();
    }
    // The server counts a connection out once it has seen it close, a moment after the client.
    await until('a connection is served again', async () => {
      const again = await openAndAsk(port, '/health');
      again.socket.destroy();
      return again.statusLine === 'HTTP/1.1 200 OK';
    }, 5_000);
  });

  it('cuts a client that sends its headers slowly once the headers timeout has passed', async () => {
    const headerLines = ['POST /registrations HTTP/1.1\r\n', 'Host: 127.0.0.1\r\n', ...Array.from({ length: 100 }, (_, i) => `X-Slow-${i}: x\r\n`)];
    const cut = await trickle(port, headerLines, 100, 10_000);

    expect(cut.received).toBe(`${TIMED_OUT}Connection: close\r\n\r\n`);
    expect(cut.afterMs).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS);
    expect(cut.afterMs).toBeLessThan(HEADERS_TIMEOUT_MS + LATE_MS);
  });

  it('cuts a client that sends its body slowly once the request timeout has passed, not the headers timeout', async () => {
    const body = JSON.stringify({ email: 'slow@example.com', name: 'S'.repeat(100), amount: 1, paymentMethod: 'pm_card_visa' });
    const head = `POST /registrations HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    const cut = await trickle(port, [head, ...body], 100, 10_000);

    expect(cut.received.startsWith(TIMED_OUT)).toBe(true);
    expect(cut.afterMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS);
    expect(cut.afterMs).toBeLessThan(REQUEST_TIMEOUT_MS + LATE_MS);
    // Nothing was registered from the half-sent body.
    const { body: page } = await server.http.get('/sagas').set('Authorization', `Bearer ${TEST_KEYS.viewer}`).query({ limit: 1 }).expect(200);
    expect(page.items).toEqual([]);
  });

  it('does not count the wait of a Prefer: wait answer: the request timeout ends once the request is in', async () => {
    const admin = `Bearer ${TEST_KEYS.admin}`;
    await server.http.put('/admin/faults').set('Authorization', admin).send({ rules: [{ operation: 'notifications.send', mode: 'hang' }] }).expect(200);
    const agent = new Agent({ keepAlive: false });
    try {
      const waitSeconds = Math.ceil((REQUEST_TIMEOUT_MS * 1.5) / 1000);
      const sent = Date.now();
      const answer = await postJson(server.url, '/registrations', aRegistration(), { Prefer: `wait=${waitSeconds}` }, agent);

      expect(answer.status).toBe(202);
      expect(answer.at - sent).toBeGreaterThanOrEqual(waitSeconds * 1000);
    } finally {
      agent.destroy();
      await server.http.delete('/admin/faults').set('Authorization', admin).expect(204);
    }
  });
});
