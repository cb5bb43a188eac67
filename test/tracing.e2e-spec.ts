import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from '@jest/globals';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { SPAN_EXPORTER, Tracing } from '../src/infra/tracing/tracing.js';
import { aRegistration, step, waitForSaga } from './support/sagas.js';
import { newDatabaseUrl, removeDatabases, startTestApp, type TestApp } from './support/test-app.js';

const CALLER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';
const TRACEPARENT = `00-${CALLER_TRACE}-${CALLER_SPAN}-01`;

/** An app whose spans go to `exporter` (tracing on, as OTEL_EXPORTER_OTLP_ENDPOINT would turn it). */
const tracedApp = (exporter: InMemorySpanExporter, env: Record<string, string> = {}) =>
  startTestApp(env, [], (builder) => builder.overrideProvider(SPAN_EXPORTER).useValue(exporter));

async function spansOf(t: TestApp, exporter: InMemorySpanExporter, sagaId: string): Promise<ReadableSpan[]> {
  await t.app.get(Tracing).flush();
  return exporter.getFinishedSpans().filter((s) => s.attributes['saga.id'] === sagaId);
}

const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

describe('traces (in-memory exporter)', () => {
  afterAll(() => removeDatabases());

  it('a saga is one trace continuing the caller: a root span, and one span per attempt of each step and compensation', async () => {
    const exporter = new InMemorySpanExporter();
    const t = await tracedApp(exporter);
    try {
      const body = aRegistration();
      // The e-mail fails once (a retry), and a declined card later rolls another saga back.
      await t.http.put('/admin/faults').send({ rules: [{ operation: 'notifications.send', mode: 'error', times: 1, email: body.email }] }).expect(200);
      const { sagaId } = (await t.http.post('/registrations').set('traceparent', TRACEPARENT).send(body).expect(202)).body;
      expect((await waitForSaga(t.http, sagaId)).status).toBe('COMPLETED');
      const spans = await spansOf(t, exporter, sagaId);
      expect(new Set(spans.map((s) => s.spanContext().traceId))).toEqual(new Set([CALLER_TRACE]));
      const root = spans.find((s) => s.name === 'saga user-registration')!;
      expect(parentOf(root)).toBe(CALLER_SPAN);
      expect(root.attributes).toMatchObject({ 'saga.id': sagaId, 'saga.type': 'user-registration', 'saga.version': 1 });
      const attempts = spans.filter((s) => s.name.startsWith('step '));
      expect(attempts.map((s) => [s.name, s.attributes['saga.attempt'], s.attributes['saga.outcome']])).toEqual([
        ['step create-account', 1, 'succeeded'],
        ['step charge-payment', 1, 'succeeded'],
        ['step send-notification', 1, 'transient'],
        ['step send-notification', 2, 'succeeded'],
        ['step activate-account', 1, 'succeeded'],
      ]);
      for (const span of attempts) {
        expect(parentOf(span)).toBe(root.spanContext().spanId);
        expect(span.attributes).toMatchObject({ 'saga.id': sagaId, 'saga.type': 'user-registration', 'saga.direction': 'forward', 'saga.step': expect.any(String) });
      }
      expect(attempts[2].status.code).toBe(2);
      expect(spans.find((s) => s.name === 'saga user-registration COMPLETED')).toBeDefined();

      const declined = (await t.http.post('/registrations').send(aRegistration({ paymentMethod: 'pm_card_chargeDeclined' })).expect(202)).body.sagaId;
      expect((await waitForSaga(t.http, declined)).status).toBe('ROLLED_BACK');
      const rolledBack = await spansOf(t, exporter, declined);
      // No traceparent from the caller: a trace of its own.
      const ownRoot = rolledBack.find((s) => s.name === 'saga user-registration')!;
      expect(parentOf(ownRoot)).toBeUndefined();
      expect(ownRoot.spanContext().traceId).not.toBe(CALLER_TRACE);
      const compensation = rolledBack.find((s) => s.name === 'compensate delete-account')!;
      expect(compensation.attributes).toMatchObject({ 'saga.step': 'create-account', 'saga.compensation': 'delete-account', 'saga.direction': 'compensate', 'saga.attempt': 1, 'saga.outcome': 'succeeded' });
      expect(rolledBack.find((s) => s.name === 'step charge-payment')!.attributes['saga.outcome']).toBe('business');
    } finally {
      await t.close();
    }
  });

  it('steps run after a restart join the trace the saga started in', async () => {
    const databaseUrl = await newDatabaseUrl();
    const before = new InMemorySpanExporter();
    const first = await tracedApp(before, { DATABASE_URL: databaseUrl });
    const body = aRegistration();
    await first.http.put('/admin/faults').send({ rules: [{ operation: 'payments.charge', mode: 'hang', email: body.email }] }).expect(200);
    const { sagaId } = (await first.http.post('/registrations').set('traceparent', TRACEPARENT).send(body).expect(202)).body;
    await waitForSaga(first.http, sagaId, (s) => step(s, 'charge-payment').status === 'RUNNING');
    const root = (await spansOf(first, before, sagaId)).find((s) => s.name === 'saga user-registration')!;
    await first.close();

    const after = new InMemorySpanExporter();
    const second = await tracedApp(after, { DATABASE_URL: databaseUrl });
    try {
      expect((await waitForSaga(second.http, sagaId)).status).toBe('COMPLETED');
      const spans = await spansOf(second, after, sagaId);
      const charge = spans.filter((s) => s.name === 'step charge-payment');
      expect(charge.length).toBeGreaterThanOrEqual(1);
      for (const span of spans) {
        expect(span.spanContext().traceId).toBe(CALLER_TRACE);
        expect(parentOf(span)).toBe(root.spanContext().spanId);
      }
      expect(spans.map((s) => s.name)).toEqual(expect.arrayContaining(['step charge-payment', 'step send-notification', 'step activate-account']));
    } finally {
      await second.close();
    }
  });
});

describe('traces (a real OTLP/HTTP receiver)', () => {
  afterAll(() => removeDatabases());

  it('exports the saga spans to OTEL_EXPORTER_OTLP_ENDPOINT as OTLP/HTTP', async () => {
    const bodies: Array<{ path: string; body: { resourceSpans: Array<{ resource: { attributes: Attr[] }; scopeSpans: Array<{ spans: OtlpSpan[] }> }> } }> = [];
    const collector = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        bodies.push({ path: req.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    const t = await startTestApp({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(collector.address() as AddressInfo).port}` });
    try {
      const { sagaId } = (await t.http.post('/registrations').set('traceparent', TRACEPARENT).send(aRegistration()).expect(202)).body;
      await waitForSaga(t.http, sagaId);
      await t.app.get(Tracing).flush();
      expect(bodies.length).toBeGreaterThan(0);
      expect(bodies.every((b) => b.path === '/v1/traces')).toBe(true);
      const spans = bodies.flatMap((b) => b.body.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)));
      const mine = spans.filter((s) => s.attributes.some((a) => a.key === 'saga.id' && a.value.stringValue === sagaId));
      expect(mine.map((s) => s.name)).toEqual(expect.arrayContaining(['saga user-registration', 'step create-account', 'step activate-account']));
      expect(new Set(mine.map((s) => s.traceId))).toEqual(new Set([CALLER_TRACE]));
      const service = bodies[0].body.resourceSpans[0].resource.attributes.find((a) => a.key === 'service.name');
      expect(service?.value.stringValue).toBe('registration-saga');
    } finally {
      await t.close();
      collector.closeAllConnections();
      await new Promise<void>((resolve) => collector.close(() => resolve()));
    }
  });
});

interface Attr {
  key: string;
  value: { stringValue?: string; intValue?: number };
}
interface OtlpSpan {
  traceId: string;
  name: string;
  attributes: Attr[];
}
