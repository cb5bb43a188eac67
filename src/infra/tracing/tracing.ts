import { Inject, Injectable, Logger, type OnApplicationShutdown, Optional } from '@nestjs/common';
import type { Tracer } from '@opentelemetry/api';
import type { NodeTracerProvider, SpanExporter } from '@opentelemetry/sdk-trace-node';
import { AppConfig } from '../../config/app-config.js';
import { instrumented, otlpExporter, registeredTracerProvider, tracerProviderFor } from './tracer-provider.js';

export { contextOf, traceIdOf, traceParentOf } from './trace-parent.js';

/** The exporter spans go to; null: tracing off. Tests put an in-memory exporter here. */
export const SPAN_EXPORTER = Symbol('SPAN_EXPORTER');

/**
 * OTEL_EXPORTER_OTLP_ENDPOINT set: the OTLP/HTTP exporter to `<endpoint>/v1/traces`, unless the
 * preload (instrumentation.ts, the built service) already made the provider and its exporter.
 */
export function spanExporterFor(config: AppConfig): SpanExporter | null {
  const endpoint = config.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (endpoint === undefined || registeredTracerProvider()) return null;
  return otlpExporter(endpoint);
}

/**
 * The service's tracer, or none. In the built service the preload (instrumentation.ts) has
 * registered the provider globally, with the HTTP and pg instrumentations; this uses it. Without
 * the preload (the in-process test suites) the provider is this one's own, not registered: spans
 * are made by hand with an explicit parent (the saga's stored traceparent), and no
 * AsyncLocalStorage context manager is set.
 */
@Injectable()
export class Tracing implements OnApplicationShutdown {
  readonly tracer: Tracer | null = null;
  private readonly provider: NodeTracerProvider | null = null;

  constructor(@Optional() @Inject(SPAN_EXPORTER) exporter: SpanExporter | null) {
    this.provider = registeredTracerProvider() ?? (exporter ? tracerProviderFor(exporter) : null);
    if (!this.provider) return;
    this.tracer = this.provider.getTracer('registration-saga');
    new Logger(Tracing.name).log(`Tracing on: spans are exported over OTLP/HTTP${instrumented.length > 0 ? `, with the ${instrumented.join(' and ')} instrumentation` : ''}`);
  }

  /** Sends every span ended so far. */
  async flush(): Promise<void> {
    await this.provider?.forceFlush();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.provider?.shutdown();
  }
}
