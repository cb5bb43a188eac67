import { Inject, Injectable, Logger, type OnApplicationShutdown, Optional } from '@nestjs/common';
import { type Context, ROOT_CONTEXT, type SpanContext, trace, TraceFlags, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, type SpanExporter } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { AppConfig } from '../../config/app-config.js';

/** The exporter spans go to; null: tracing off. Tests put an in-memory exporter here. */
export const SPAN_EXPORTER = Symbol('SPAN_EXPORTER');

/** OTEL_EXPORTER_OTLP_ENDPOINT set: the OTLP/HTTP exporter to `<endpoint>/v1/traces` (other OTEL_* variables as the SDK reads them). */
export function spanExporterFor(config: AppConfig): SpanExporter | null {
  const endpoint = config.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (endpoint === undefined) return null;
  return new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, '')}/v1/traces` });
}

/**
 * The service's tracer, or none. Its provider is not registered globally and sets no context
 * manager: spans are made by hand with an explicit parent (the saga's stored traceparent), so
 * no AsyncLocalStorage hook is put on every promise (measured at 8 % of throughput, see
 * UnitOfWork) and nothing is monkey-patched (the app is ESM).
 */
@Injectable()
export class Tracing implements OnApplicationShutdown {
  readonly tracer: Tracer | null = null;
  private readonly provider: NodeTracerProvider | null = null;

  constructor(@Optional() @Inject(SPAN_EXPORTER) exporter: SpanExporter | null) {
    if (!exporter) return;
    const resource = detectResources({ detectors: [envDetector] }).merge(
      resourceFromAttributes({ [ATTR_SERVICE_NAME]: process.env.OTEL_SERVICE_NAME ?? 'registration-saga' }),
    );
    this.provider = new NodeTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(exporter)] });
    this.tracer = this.provider.getTracer('registration-saga');
    new Logger(Tracing.name).log('Tracing on: spans are exported over OTLP/HTTP');
  }

  /** Sends every span ended so far. */
  async flush(): Promise<void> {
    await this.provider?.forceFlush();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.provider?.shutdown();
  }
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The context of a W3C `traceparent` value, or null for a missing or malformed one. */
export function contextOf(traceParent: string | null | undefined): Context | null {
  const match = traceParent ? TRACEPARENT.exec(traceParent.trim().toLowerCase()) : null;
  if (!match || /^0+$/.test(match[1]) || /^0+$/.test(match[2])) return null;
  const spanContext: SpanContext = { traceId: match[1], spanId: match[2], traceFlags: parseInt(match[3], 16) & TraceFlags.SAMPLED, isRemote: true };
  return trace.setSpanContext(ROOT_CONTEXT, spanContext);
}

/** The W3C `traceparent` of a span context. */
export function traceParentOf(context: SpanContext): string {
  return `00-${context.traceId}-${context.spanId}-0${context.traceFlags & TraceFlags.SAMPLED}`;
}

/** The trace id of a stored `traceparent`, for log lines; null when there is none. */
export function traceIdOf(traceParent: string | null | undefined): string | null {
  return traceParent ? (TRACEPARENT.exec(traceParent)?.[1] ?? null) : null;
}
