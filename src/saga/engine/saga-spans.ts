import { hash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type Attributes, type Context, context, SpanKind, SpanStatusCode, trace, TraceFlags } from '@opentelemetry/api';
import { Observable } from 'rxjs';
import { chosenSpanIds } from '../../infra/tracing/chosen-span-ids.js';
import { contextPropagates } from '../../infra/tracing/tracer-provider.js';
import { contextOf, traceParentOf, traceIdOf, Tracing } from '../../infra/tracing/tracing.js';
import type { SagaDefinition } from './saga-definition.js';
import type { SagaEvent } from './saga-event.js';
import type { SagaInstance } from './saga-instance.entity.js';
import type { StepDispatched } from './step-dispatched.event.js';

/** Dispatches waiting for the wiring to run them in their attempt's context: a bound against a leak. */
const MAX_PENDING_DISPATCHES = 10_000;

/**
 * The saga's trace, made from its typed history. The saga's root span is made when it starts,
 * as a child of the request's server span (HTTP instrumentation on) or the caller's `traceparent`; its context is stored on the saga row, so every
 * later span, made by whichever process records the answer, after any restart, joins that
 * trace. Each attempt of each step and compensation is one span, made when its outcome is
 * committed, from the moment it was sent (the answer's duration) to then.
 *
 * An attempt's span id is a hash of the attempt (saga, step, direction, number), known when it
 * is dispatched. With the instrumentation on (the built service: a context manager), the step's
 * command runs in that span's context (`inAttempt`), so its queries' spans, and those of the
 * transaction recording its answer, are the attempt span's children, whichever process ends up
 * making that span.
 */
@Injectable()
export class SagaSpans {
  /** The trace of each saga whose attempt was just decided, until the wiring dispatches it. */
  private readonly dispatching = new Map<string, string>();
  /** Only with a context manager does running a command in a context mean anything. */
  private readonly propagates = contextPropagates();

  constructor(private readonly tracing: Tracing) {}

  get enabled(): boolean {
    return this.tracing.tracer !== null;
  }

  /** Begins the saga's trace; returns the traceparent to store with it (null: tracing off). */
  begin(saga: SagaInstance, callerTraceParent: string | null | undefined, now: number): string | null {
    const tracer = this.tracing.tracer;
    if (!tracer) return null;
    // With the HTTP instrumentation (the built service) the header is the request's server span
    // (which continues the caller's), and with a context manager that span is the active one.
    const active = context.active();
    const parent = trace.getSpan(active) ? active : (contextOf(callerTraceParent) ?? undefined);
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
      if (this.propagates && (entry.type === 'StepStarted' || entry.type === 'CompensationStarted' || entry.type === 'AttemptRedelivered')) {
        if (this.dispatching.size >= MAX_PENDING_DISPATCHES) this.dispatching.clear();
        this.dispatching.set(saga.id, saga.traceParent!);
      } else if (entry.type === 'Answer') {
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

  /**
   * `command` (the dispatched attempt's, emitted synchronously) delivered in the attempt span's
   * context, so the handler it reaches, and what that awaits, runs there. As is when tracing or
   * the context manager is off.
   */
  inAttempt<T>(dispatched: StepDispatched, command: Observable<T>, stepName: () => string): Observable<T> {
    const { correlation, direction } = dispatched.props;
    const traceId = this.propagates ? traceIdOf(this.dispatching.get(correlation.sagaId)) : null;
    if (!traceId) return command;
    this.dispatching.delete(correlation.sagaId);
    const spanId = attemptSpanId(correlation.sagaId, stepName(), direction, correlation.attempt);
    const attemptContext = trace.setSpanContext(context.active(), { traceId, spanId, traceFlags: TraceFlags.SAMPLED, isRemote: false });
    return new Observable<T>((subscriber) => context.with(attemptContext, () => command.subscribe(subscriber)));
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
    const attributes: Attributes = { 'saga.id': saga.id, 'saga.type': saga.type, 'saga.step': step, 'saga.attempt': at.attempt, 'saga.direction': at.direction, 'saga.outcome': at.outcome };
    if (compensation) attributes['saga.compensation'] = compensation;
    chosenSpanIds.next = attemptSpanId(saga.id, step, at.direction, at.attempt);
    const span = this.tracing.tracer!.startSpan(compensation ? `compensate ${compensation}` : `step ${step}`, { kind: SpanKind.INTERNAL, startTime: start, attributes }, parent);
    chosenSpanIds.next = null; // untaken when the SDK made no span (tracing suppressed): not the next span's
    if (at.outcome !== 'succeeded') span.setStatus({ code: SpanStatusCode.ERROR, message: at.error ?? at.outcome });
    span.end(end);
  }
}

/** The span id of an attempt (`step`: the forward step's name, for its compensation too), the same in every process. */
function attemptSpanId(sagaId: string, step: string, direction: string, attempt: number): string {
  // crypto.hash: the same digest as createHash(...).update(...).digest(), without the Hash object.
  const id = hash('sha256', `${sagaId}\0${step}\0${direction}\0${attempt}`, 'hex').slice(0, 16);
  return id === '0000000000000000' ? '0000000000000001' : id;
}

const base = (saga: SagaInstance): Attributes => ({ 'saga.id': saga.id, 'saga.type': saga.type });
