import type { Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, type SpanExporter } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { chosenSpanIds } from './chosen-span-ids.js';

/** The OTLP/HTTP exporter to `<endpoint>/v1/traces` (other OTEL_* variables as the SDK reads them). */
export function otlpExporter(endpoint: string): SpanExporter {
  return new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, '')}/v1/traces` });
}

/**
 * Spans per export unless OTEL_BSP_MAX_EXPORT_BATCH_SIZE says otherwise (the SDK's default is
 * 512). Under load an export goes out whenever a batch is full, so a span waits in the buffer
 * until that many more have ended: at 512, long enough (about 0.2 s at 300 sagas/s, 8 spans
 * each) to survive young-generation collections and be copied into the old one. At 128 it
 * mostly dies young; the extra exports (an HTTP request each) cost less than that copying.
 */
export const EXPORT_BATCH_SIZE = 128;

/** The service's provider: its resource (OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES) and one batching processor (OTEL_BSP_*). */
export function tracerProviderFor(exporter: SpanExporter, env: NodeJS.ProcessEnv = process.env): NodeTracerProvider {
  const resource = detectResources({ detectors: [envDetector] }).merge(
    resourceFromAttributes({ [ATTR_SERVICE_NAME]: process.env.OTEL_SERVICE_NAME ?? 'registration-saga' }),
  );
  // Left undefined when the variable is set: the SDK's BatchSpanProcessor then reads it.
  const maxExportBatchSize = env.OTEL_BSP_MAX_EXPORT_BATCH_SIZE === undefined ? EXPORT_BATCH_SIZE : undefined;
  return new NodeTracerProvider({ resource, idGenerator: chosenSpanIds, spanProcessors: [new BatchSpanProcessor(exporter, { maxExportBatchSize })] });
}

let registered: NodeTracerProvider | null = null;
let withContext = false;
let serverSpansOn = false;
/** What the preload instruments, for the start-up line. */
export const instrumented: string[] = [];

/** Asks configureHttp for a server span per request (server-spans.ts). */
export function traceServerRequests(): void {
  serverSpansOn = true;
}

/** The tracer server spans are made with and whether they propagate, or null: no server spans. */
export function serverSpanTracer(): { tracer: Tracer; propagates: boolean } | null {
  return registered && serverSpansOn ? { tracer: registered.getTracer('registration-saga'), propagates: withContext } : null;
}

/** The provider the preload registered globally (instrumentation on), or null. */
export function registeredTracerProvider(): NodeTracerProvider | null {
  return registered;
}

/** Whether an AsyncLocalStorage context manager carries the active span across awaits. */
export function contextPropagates(): boolean {
  return withContext;
}

/**
 * Registers `provider` globally (its tracer for the instrumentations, W3C propagation) and,
 * when `contextManager`, the AsyncLocalStorage context manager, which puts a hook on every
 * promise the process makes.
 */
export function registerTracerProvider(provider: NodeTracerProvider, contextManager: boolean): void {
  provider.register(contextManager ? {} : { contextManager: null });
  registered = provider;
  withContext = contextManager;
}
