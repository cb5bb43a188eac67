import { type Context, ROOT_CONTEXT, type SpanContext, trace, TraceFlags } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const INVALID_TRACE_ID = '0'.repeat(32);
const INVALID_SPAN_ID = '0'.repeat(16);

/**
 * The context of a W3C `traceparent` value, or null for a missing or malformed one; with the
 * caller's `tracestate`, which W3C Trace Context asks every participant to pass on (parsed by
 * the SDK's own TraceState: malformed entries are dropped).
 */
export function contextOf(traceParent: string | null | undefined, traceState?: string | string[]): Context | null {
  // As stored and as most callers send it first; only then trimmed and lower-cased.
  const match = traceParent ? (TRACEPARENT.exec(traceParent) ?? TRACEPARENT.exec(traceParent.trim().toLowerCase())) : null;
  if (!match || match[1] === INVALID_TRACE_ID || match[2] === INVALID_SPAN_ID) return null;
  const spanContext: SpanContext = { traceId: match[1], spanId: match[2], traceFlags: parseInt(match[3], 16) & TraceFlags.SAMPLED, isRemote: true };
  const state = Array.isArray(traceState) ? traceState.join(',') : traceState;
  if (state) spanContext.traceState = new TraceState(state);
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
