import { createRequire } from 'node:module';
import type * as Instrumentation from '@opentelemetry/instrumentation';
import type * as Http from '@opentelemetry/instrumentation-http';
import type * as Pg from '@opentelemetry/instrumentation-pg';
import { instrumented, otlpExporter, registerTracerProvider, tracerProviderFor, traceServerRequests } from './tracer-provider.js';

/**
 * Tracing set up before anything else: imported first by main.ts so the pg instrumentation's
 * require hook is in place before TypeORM's `pg` is required (a CommonJS package, so
 * require-in-the-middle sees it although the app itself is ESM). With
 * OTEL_EXPORTER_OTLP_ENDPOINT unset nothing is loaded or hooked: tracing off costs nothing.
 *
 * Each request's server span is our own middleware's (server-spans.ts, mounted by
 * configureHttp): it continues the caller's `traceparent`, and its own context replaces that
 * header on the request, so a saga it starts is the server span's child (SagaSpans) and a
 * request's log line names its trace, with no context manager.
 *
 * Query spans are opt-in, on PostgreSQL only: `OTEL_NODE_ENABLED_INSTRUMENTATIONS=http,pg` (the
 * variable auto-instrumentations-node reads: when set, only what it lists is installed; unset,
 * here, means `http`). A saga runs about 45 statements on PostgreSQL, each its own span, and a
 * query only finds its parent through the AsyncLocalStorage context manager (a hook on every
 * promise): measured together at a quarter of the throughput (BENCHMARKS.md), which is not
 * "costs little". With pg enabled the context manager is registered, so a step's queries (and,
 * untested, its outgoing calls to Stripe, through the HTTP instrumentation's client side) join
 * the step's span. On SQLite, where better-sqlite3 has no instrumentation, neither is ever
 * installed. OTEL_NODE_DISABLED_INSTRUMENTATIONS (`http`, `pg`, comma-separated) turns either
 * off whatever the other says.
 */
export function instrument(env: NodeJS.ProcessEnv): boolean {
  const endpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint || !/^https?:\/\/\S+$/.test(endpoint)) return false; // unset, or refused by the config check at start-up
  const on = enabledInstrumentations(env);
  const withPg = /^postgres(ql)?:/.test(env.DATABASE_URL ?? '') && on.has('pg');
  const load = createRequire(import.meta.url);
  const { registerInstrumentations } = load('@opentelemetry/instrumentation') as typeof Instrumentation;
  registerTracerProvider(tracerProviderFor(otlpExporter(endpoint)), withPg);
  const instrumentations: Instrumentation.Instrumentation[] = [];
  if (on.has('http')) {
    // Server spans are made by our own middleware (server-spans.ts, mounted by configureHttp).
    traceServerRequests();
    // Outgoing calls (a step's call to Stripe) only find their parent through the context
    // manager: without one (SQLite) the instrumentation could only wrap every webhook POST and
    // OTLP export in a span it then drops, so it is not installed at all.
    if (withPg) {
      const { HttpInstrumentation } = load('@opentelemetry/instrumentation-http') as typeof Http;
      instrumentations.push(new HttpInstrumentation({ disableIncomingRequestInstrumentation: true, requireParentforOutgoingSpans: true }));
    }
  }
  if (withPg) {
    const { PgInstrumentation } = load('@opentelemetry/instrumentation-pg') as typeof Pg;
    // requireParentSpan: the schedulers' and the pool's queries outside any trace make none.
    // ignoreConnectSpans: a span per pool checkout was a quarter of all spans (9 per saga,
    // against 20 query spans), each costing the main thread what a query span does, and none
    // says more than the query spans' own timing.
    // The values of a statement travel as its parameters, never in its text: a span holds no
    // e-mail address or name (the instrumentation records no parameters).
    instrumentations.push(
      new PgInstrumentation({
        requireParentSpan: true,
        ignoreConnectSpans: true,
      }),
    );
  }
  registerInstrumentations({ instrumentations });
  if (on.has('http')) instrumented.push('http');
  if (withPg) instrumented.push('pg');
  return true;
}

/**
 * What auto-instrumentations-node's two variables leave on: those OTEL_NODE_ENABLED_INSTRUMENTATIONS
 * lists (`http` when unset: the query spans are opt-in), less those OTEL_NODE_DISABLED_INSTRUMENTATIONS lists.
 */
export function enabledInstrumentations(env: NodeJS.ProcessEnv): Set<string> {
  const names = (list: string) => list.split(',').map((name) => name.trim()).filter((name) => name !== '');
  const disabled = new Set(names(env.OTEL_NODE_DISABLED_INSTRUMENTATIONS ?? ''));
  return new Set(names(env.OTEL_NODE_ENABLED_INSTRUMENTATIONS ?? 'http').filter((name) => !disabled.has(name)));
}

instrument(process.env);
