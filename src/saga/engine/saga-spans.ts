import { Injectable } from '@nestjs/common';
import { type Attributes, type Context, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { contextOf, traceParentOf, Tracing } from '../../infra/tracing/tracing.js';
import type { SagaDefinition } from './saga-definition.js';
import type { SagaEvent } from './saga-event.js';
import type { SagaInstance } from './saga-instance.entity.js';

/**
 * The saga's trace, made from its typed history. The saga's root span is made when it starts,
 * as a child of the caller's `traceparent`; its context is stored on the saga row, so every
 * later span, made by whichever process records the answer, after any restart, joins that
 * trace. Each attempt of each step and compensation is one span, made when its outcome is
 * committed, from the moment it was sent (the answer's duration) to then.
 */
@Injectable()
export class SagaSpans {
  constructor(private readonly tracing: Tracing) {}

  get enabled(): boolean {
    return this.tracing.tracer !== null;
  }

  /** Begins the saga's trace; returns the traceparent to store with it (null: tracing off). */
  begin(saga: SagaInstance, callerTraceParent: string | null | undefined, now: number): string | null {
    const tracer = this.tracing.tracer;
    if (!tracer) return null;
    const parent = contextOf(callerTraceParent) ?? undefined;
    const span = tracer.startSpan(`saga ${saga.type}`, { kind: SpanKind.INTERNAL, startTime: now, attributes: { ...base(saga), 'saga.version': saga.definitionVersion } }, parent);
    span.end(now);
    return traceParentOf(span.spanContext());
  }

  /** One span per attempt whose outcome `entries` record, and one for the saga's end. */
  record(saga: SagaInstance, definition: SagaDefinition<never>, entries: SagaEvent[], now: number): void {
    const tracer = this.tracing.tracer;
    const parent = tracer ? contextOf(saga.traceParent) : null;
    if (!tracer || !parent) return;
    for (const entry of entries) {
      if (entry.type === 'Answer') {
        const { attempt, direction, durationMs, outcome, error } = entry.data;
        this.attempt(parent, saga, definition, entry.step, { attempt, direction, outcome, error }, now - durationMs, now);
      } else if (entry.type === 'AttemptTimedOut') {
        const { attempt, direction, timeoutMs } = entry.data;
        this.attempt(parent, saga, definition, entry.step, { attempt, direction, outcome: 'timeout', error: `no answer in ${timeoutMs} ms` }, now - timeoutMs, now);
      } else if (entry.type === 'SagaCompleted' || entry.type === 'SagaRolledBack' || entry.type === 'SagaPartiallyRolledBack') {
        const span = tracer.startSpan(`saga ${saga.type} ${entry.data.status}`, { startTime: saga.createdAt, attributes: { ...base(saga), 'saga.status': entry.data.status } }, parent);
        if (entry.data.status === 'PARTIALLY_ROLLED_BACK') span.setStatus({ code: SpanStatusCode.ERROR, message: 'partially rolled back' });
        span.end(now);
      }
    }
  }

  private attempt(
    parent: Context,
    saga: SagaInstance,
    definition: SagaDefinition<never>,
    step: string,
    at: { attempt: number; direction: string; outcome: string; error?: string },
    start: number,
    end: number,
  ): void {
    const compensation = at.direction === 'compensate' ? definition.steps.find((s) => s.name === step)?.compensation?.name : undefined;
    const attributes: Attributes = { ...base(saga), 'saga.step': step, 'saga.attempt': at.attempt, 'saga.direction': at.direction, 'saga.outcome': at.outcome };
    if (compensation) attributes['saga.compensation'] = compensation;
    const span = this.tracing.tracer!.startSpan(compensation ? `compensate ${compensation}` : `step ${step}`, { kind: SpanKind.INTERNAL, startTime: start, attributes }, parent);
    if (at.outcome !== 'succeeded') span.setStatus({ code: SpanStatusCode.ERROR, message: at.error ?? at.outcome });
    span.end(end);
  }
}

const base = (saga: SagaInstance): Attributes => ({ 'saga.id': saga.id, 'saga.type': saga.type });
