import { describe, expect, it } from '@jest/globals';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { EXPORT_BATCH_SIZE, tracerProviderFor } from './tracer-provider.js';

/** Spans ended until the exporter is handed its first batch (an export starts as soon as a batch is full). */
function spansBeforeFirstExport(env: NodeJS.ProcessEnv): number {
  const exporter = new InMemorySpanExporter();
  const tracer = tracerProviderFor(exporter, env).getTracer('spec');
  for (let ended = 1; ended <= 2048; ended++) {
    tracer.startSpan(`span ${ended}`).end();
    if (exporter.getFinishedSpans().length > 0) return ended;
  }
  return -1;
}

describe('tracerProviderFor', () => {
  it(`exports in batches of ${EXPORT_BATCH_SIZE} spans, so spans do not wait in the buffer long enough to reach the old generation`, () => {
    expect(spansBeforeFirstExport({})).toBe(EXPORT_BATCH_SIZE);
  });

  it('OTEL_BSP_MAX_EXPORT_BATCH_SIZE still sets the batch size (read by the SDK from process.env)', () => {
    process.env.OTEL_BSP_MAX_EXPORT_BATCH_SIZE = '16';
    try {
      expect(spansBeforeFirstExport(process.env)).toBe(16);
    } finally {
      delete process.env.OTEL_BSP_MAX_EXPORT_BATCH_SIZE;
    }
  });
});
