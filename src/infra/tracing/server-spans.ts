import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Attributes, context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import { contextOf, traceParentOf } from './trace-parent.js';

/** Scrapes and probes: a span each would bury the sagas' traces. */
export const UNTRACED_PATHS = /^\/(health|metrics)(\/|\?|$)/;

type Next = (error?: unknown) => void;

/**
 * One server span per request (but probes), as Express middleware mounted first. It continues
 * the caller's W3C `traceparent` (and passes its `tracestate` on) and replaces that header on the request with its own context,
 * so a saga the request starts is the span's child (SagaSpans) and the request's log line names
 * its trace. With a context manager (`propagates`, PostgreSQL), the rest of the request runs in
 * the span's context, its emitters bound to it as the HTTP instrumentation binds them, so its
 * queries are the span's children.
 *
 * Why not the HTTP instrumentation's server side: per request it parses the URL with the WHATWG
 * parser, reads about a dozen attributes, extracts through the propagator API and listens on the
 * response twice; with the outgoing side, on every webhook POST and OTLP export it made a
 * non-recording span and wrapped the request. Measured (`npm run bench -- --telemetry --cpu-prof`)
 * at about 55 µs of main thread per saga, the two server spans' export aside.
 */
export function serverSpans(tracer: Tracer, propagates: boolean) {
  return (req: IncomingMessage & { path?: string; route?: { path?: unknown } }, res: ServerResponse, next: Next): void => {
    const url = req.url ?? '/';
    if (UNTRACED_PATHS.test(url)) return next();
    const header = req.headers.traceparent;
    const parent = (typeof header === 'string' ? contextOf(header, req.headers.tracestate) : null) ?? ROOT_CONTEXT;
    const method = req.method ?? 'GET';
    const query = url.indexOf('?');
    const attributes: Attributes = {
      'http.request.method': method,
      'url.scheme': 'http',
      // Without the query, which can name someone (`/sagas?email=`).
      'url.path': query === -1 ? url : url.slice(0, query),
    };
    const span = tracer.startSpan(method, { kind: SpanKind.SERVER, attributes }, parent);
    req.headers.traceparent = traceParentOf(span.spanContext());
    res.once('close', () => {
      const route = req.route?.path;
      if (typeof route === 'string') {
        span.setAttribute('http.route', route);
        span.updateName(`${method} ${route}`);
      }
      span.setAttribute('http.response.status_code', res.statusCode);
      if (!res.writableFinished) span.setStatus({ code: SpanStatusCode.ERROR, message: 'abandoned by the client' });
      else if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    if (!propagates) return next();
    const active = trace.setSpan(parent, span);
    context.bind(active, req);
    context.bind(active, res);
    context.with(active, next);
  };
}
