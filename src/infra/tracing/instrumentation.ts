import { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import type { Span } from '@opentelemetry/api';
import type * as Instrumentation from '@opentelemetry/instrumentation';
import type * as Http from '@opentelemetry/instrumentation-http';
import type * as Pg from '@opentelemetry/instrumentation-pg';
import { traceParentOf } from './trace-parent.js';
import { instrumented, otlpExporter, registerTracerProvider, tracerProviderFor } from './tracer-provider.js';

/** Scrapes and probes: a span each would bury the sagas' traces. */
const UNTRACED_PATHS = /^\/(health|metrics)(\/|\?|$)/;

/**
 * HTTP and pg instrumentation, imported first by main.ts so its require hooks are in place
 * before express (and through it `http`) and TypeORM's `pg` are required: they are CommonJS
 * packages, so require-in-the-middle sees them although the app itself is ESM. Incoming requests
 * are patched on `http.Server.prototype`, which Nest's ESM import shares. With
 * OTEL_EXPORTER_OTLP_ENDPOINT unset nothing is loaded or hooked: tracing off costs nothing.
 *
 * Each request's server span continues the caller's `traceparent`, and its own context replaces
 * that header on the request, so a saga it starts is the server span's child (SagaSpans) and a
 * request's log line names its trace, with no context manager.
 *
 * On PostgreSQL the query spans are the point, and a query only finds its parent through the
 * AsyncLocalStorage context manager (a hook on every promise: measured at 3 % of the CPU per
 * saga), so it is registered there: a step's queries (and, untested, its outgoing calls to Stripe)
 * join the step's span. On SQLite, where better-sqlite3 has no instrumentation, neither is installed and
 * the only spans are the server's and the saga's. OTEL_NODE_DISABLED_INSTRUMENTATIONS (`http`,
 * `pg`, comma-separated) turns either off.
 */
export function instrument(env: NodeJS.ProcessEnv): boolean {
  const endpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint || !/^https?:\/\/\S+$/.test(endpoint)) return false; // unset, or refused by the config check at start-up
  // The name auto-instrumentations-node reads: `pg` (or `http,pg`) turns those off.
  const disabled = new Set((env.OTEL_NODE_DISABLED_INSTRUMENTATIONS ?? '').split(',').map((name) => name.trim()));
  const withPg = /^postgres(ql)?:/.test(env.DATABASE_URL ?? '') && !disabled.has('pg');
  const load = createRequire(import.meta.url);
  const { registerInstrumentations } = load('@opentelemetry/instrumentation') as typeof Instrumentation;
  const { HttpInstrumentation } = load('@opentelemetry/instrumentation-http') as typeof Http;
  registerTracerProvider(tracerProviderFor(otlpExporter(endpoint)), withPg);
  const instrumentations: Instrumentation.Instrumentation[] = [];
  if (!disabled.has('http')) {
    instrumentations.push(new HttpInstrumentation({
      ignoreIncomingRequestHook: (req: IncomingMessage) => UNTRACED_PATHS.test(req.url ?? ''),
      requestHook: (span: Span, request) => {
        if (request instanceof IncomingMessage) request.headers.traceparent = traceParentOf(span.spanContext());
      },
      // Outgoing calls only inside a trace: a step's call to Stripe, not the webhook worker's.
      requireParentforOutgoingSpans: true,
    }));
  }
  if (withPg) {
    const { PgInstrumentation } = load('@opentelemetry/instrumentation-pg') as typeof Pg;
    // requireParentSpan: the schedulers' and the pool's queries outside any trace make none.
    instrumentations.push(new PgInstrumentation({ requireParentSpan: true }));
  }
  registerInstrumentations({ instrumentations });
  instrumented.push(...instrumentations.map((i) => i.instrumentationName.replace('@opentelemetry/instrumentation-', '')));
  return true;
}

instrument(process.env);
