import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OtlpReceiver, type ReceivedSpan } from './support/otlp-receiver.js';
import { aRegistration } from './support/sagas.js';
import { startServer } from './support/server-process.js';
import { newDatabaseUrl, removeDatabases } from './support/test-app.js';
import { until } from './support/until.js';

const CALLER_TRACE = '0af7651916cd43dd8448eb211c80319c';
const CALLER_SPAN = 'b7ad6b7169203331';
const SERVER = 2;
const CLIENT = 3;
const onPostgres = (process.env.TEST_DATABASE_URL ?? '').startsWith('postgres');

/**
 * The HTTP and pg instrumentation, which only the built service has (its preload hooks
 * CommonJS requires; this suite runs as ESM, where they would not apply): the real server
 * exporting over OTLP/HTTP to a receiver in this process.
 */
describe('HTTP and database instrumentation (the built server, OTLP/HTTP)', () => {
  const otlp = new OtlpReceiver();
  let folder: string;
  beforeAll(async () => {
    await otlp.start();
    folder = mkdtempSync(join(tmpdir(), 'registration-instrumentation-'));
  });
  afterAll(async () => {
    await otlp.stop();
    await removeDatabases();
    rmSync(folder, { recursive: true, force: true });
  });

  it("the request's server span continues the caller and is the saga's parent; probes make no span; log lines carry the trace id", async () => {
    const logFile = join(folder, 'server.log');
    // The query spans are opt-in (instrumentation.ts): enabled here by the standard variable.
    const server = await startServer(
      { DATABASE_URL: await newDatabaseUrl(), OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint, OTEL_BSP_SCHEDULE_DELAY: '50', OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http,pg', SANDBOX_LATENCY_MS: '1' },
      logFile,
    );
    try {
      for (let i = 0; i < 3; i++) {
        await server.http.get('/health').expect(200);
        await server.http.get('/metrics').expect(200);
      }
      // A query can name someone: the span keeps the path only.
      await server.http.get('/sagas?email=grace%40example.com').expect(200);
      const registration = aRegistration({ name: "Grace O'Hara \\ Hopper" });
      const answer = await server.http
        .post('/registrations')
        .set('traceparent', `00-${CALLER_TRACE}-${CALLER_SPAN}-01`)
        .set('tracestate', 'congo=t61rcWkgMzE')
        .set('Prefer', 'wait=20')
        .send(registration)
        .expect(200);
      expect(answer.body.status).toBe('COMPLETED');
      const sagaId: string = answer.body.sagaId;
      const ofSaga = (name: string) => otlp.spans.find((s) => s.name === name && s.attributes['saga.id'] === sagaId);
      await until('the saga end span exported', async () => ofSaga('saga user-registration COMPLETED') !== undefined);
      // The server span ends when the response is done, after the saga's end span: it may come in a later export.
      await until('the server span exported', async () => otlp.spans.some((s) => s.kind === SERVER && s.traceId === CALLER_TRACE));

      const post = otlp.spans.filter((s) => s.kind === SERVER && s.traceId === CALLER_TRACE);
      expect(post).toHaveLength(1);
      expect(post[0]).toMatchObject({
        name: 'POST /registrations',
        parentSpanId: CALLER_SPAN,
        // The caller's tracestate is passed on (W3C Trace Context).
        traceState: 'congo=t61rcWkgMzE',
        service: 'registration-saga',
        attributes: { 'http.request.method': 'POST', 'http.response.status_code': 200, 'http.route': '/registrations', 'url.path': '/registrations' },
      });
      const root = ofSaga('saga user-registration')!;
      expect(root).toMatchObject({ traceId: CALLER_TRACE, parentSpanId: post[0].spanId });
      const steps = otlp.spans.filter((s) => s.attributes['saga.id'] === sagaId && s.name.startsWith('step '));
      expect(steps.map((s) => s.name)).toEqual(['step create-account', 'step charge-payment', 'step send-notification', 'step activate-account']);
      for (const step of steps) expect(step).toMatchObject({ traceId: CALLER_TRACE, parentSpanId: root.spanId });

      // The probes' requests (the test's own, and the readiness polls of startServer) made none.
      const servers = otlp.spans.filter((s) => s.kind === SERVER);
      expect(servers.filter((s) => /health|metrics/.test(JSON.stringify(s)))).toEqual([]);
      const search = servers.find((s) => s.attributes['url.path'] === '/sagas');
      expect(search).toMatchObject({ name: 'GET /sagas', attributes: { 'http.response.status_code': 200 } });
      expect(JSON.stringify(otlp.spans)).not.toContain('grace');
      // No HTTP client spans: on SQLite nothing outgoing can have a parent (no context manager),
      // and on PostgreSQL the OTLP exports are outside any trace.
      expect(otlp.spans.filter((s) => s.kind === CLIENT && !/^pg/.test(s.name))).toEqual([]);

      const queries = otlp.spans.filter((s: ReceivedSpan) => s.attributes['db.system'] === 'postgresql' || s.attributes['db.system.name'] === 'postgresql');
      if (onPostgres) {
        // Each statement under what ran it: the saga's insert under the POST, a step's own
        // writes (and the recording of its answer) under that step's attempt span. A write
        // travels with the next statement of its transaction (UnitOfWork), so it is looked for
        // inside a round trip's text, not at its start.
        const parentOf = (table: string) => {
          const insert = queries.find((s) => s.traceId === CALLER_TRACE && String(s.attributes['db.query.text'] ?? s.attributes['db.statement']).includes(`INSERT INTO "${table}"`));
          return otlp.spans.find((s) => s.spanId === insert?.parentSpanId)?.name;
        };
        expect(parentOf('sagas')).toBe(post[0].name);
        expect(parentOf('users')).toBe('step create-account');
        expect(parentOf('payments')).toBe('step charge-payment');
        expect(parentOf('notifications')).toBe('step send-notification');
        const underSteps = queries.filter((q) => steps.some((s) => s.spanId === q.parentSpanId));
        expect(underSteps.length).toBeGreaterThan(steps.length * 3);
        // Pool checkouts make no span of their own (a quarter of all spans when they did).
        expect(otlp.spans.filter((s) => /^pg(-pool)?\.connect/.test(s.name))).toEqual([]);
        // A prepared statement's span says what it does and where: `pg.query:select_sagas_0_<digest> <db>`.
        const prepared = queries.filter((q) => !/^pg\.query:(BEGIN|SELECT|INSERT|UPDATE|DELETE|COMMIT|ROLLBACK)\b/.test(q.name));
        expect(prepared.length).toBeGreaterThan(0);
        for (const q of prepared) expect(q.name).toMatch(/^pg\.query:(select|insert|update|delete)_[a-z_]+_\d+_[0-9a-f]{20}( |$)/);
        expect(prepared.map((q) => q.name)).toContainEqual(expect.stringMatching(/^pg\.query:select_saga_steps_/));
        // Values travel as parameters (PipelinedTransaction): a span holds the statements' text
        // with a placeholder for each, never who registered.
        const texts = queries.map((q) => String(q.attributes['db.query.text'] ?? q.attributes['db.statement'] ?? ''));
        expect(texts.some((t) => t.includes('INSERT INTO "users"'))).toBe(true);
        for (const secret of [registration.email, 'Grace', 'Hopper', 'pm_card_visa']) expect(texts.filter((t) => t.includes(secret))).toEqual([]);
      } else {
        // SQLite (better-sqlite3) has no instrumentation: no query spans at all.
        expect(queries).toEqual([]);
      }

      const lines = readFileSync(logFile, 'utf8').split('\n').filter((l) => l.includes(sagaId)).map((l) => JSON.parse(l) as { traceId?: string });
      expect(lines.length).toBeGreaterThan(3);
      expect(lines.every((l) => l.traceId === CALLER_TRACE)).toBe(true);
    } finally {
      await server.kill('SIGTERM');
    }
  }, 60_000);

  it('OTEL_NODE_DISABLED_INSTRUMENTATIONS=http: no server spans, no query spans unless enabled, the saga continues the caller itself', async () => {
    const server = await startServer(
      { DATABASE_URL: await newDatabaseUrl(), OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint, OTEL_BSP_SCHEDULE_DELAY: '50', OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'http', SANDBOX_LATENCY_MS: '1' },
      join(folder, 'disabled.log'),
    );
    const trace = 'aaf7651916cd43dd8448eb211c80319c';
    try {
      const answer = await server.http.post('/registrations').set('traceparent', `00-${trace}-${CALLER_SPAN}-01`).set('Prefer', 'wait=20').send(aRegistration()).expect(200);
      const sagaId: string = answer.body.sagaId;
      await until('the saga end span exported', async () => otlp.spans.some((s) => s.attributes['saga.id'] === sagaId && s.name === 'saga user-registration COMPLETED'));
      const inTrace = otlp.spans.filter((s) => s.traceId === trace);
      expect(inTrace.find((s) => s.name === 'saga user-registration')?.parentSpanId).toBe(CALLER_SPAN);
      expect(inTrace.filter((s) => !s.attributes['saga.id'])).toEqual([]);
    } finally {
      await server.kill('SIGTERM');
    }
  }, 60_000);
});
