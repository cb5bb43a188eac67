import type { StepOutcome } from './answer-outcome.js';
import type { SagaDecision } from './saga-decision.js';
import { compensateNext } from './sequencing.js';

/**
 * Answers that arrive after the saga stopped waiting for them: for an attempt no longer current,
 * for a step the saga has moved past, or for a saga that has finished.
 */
export function staleReason(d: SagaDecision, outcome: StepOutcome): string | null {
  if (d.finished) return `saga already ${d.saga.status}`;
  if (d.saga.awaiting === null) return 'nothing outstanding';
  if (outcome.direction !== d.saga.direction || outcome.position !== d.saga.stepIndex) return 'saga has moved on';
  // A success is the step's single effect whichever attempt reports it (same idempotency key);
  // a failure only counts for the attempt that is still out.
  if (outcome.kind !== 'succeeded' && (d.saga.awaiting !== 'result' || outcome.attempt !== d.currentAttempt)) {
    return `attempt ${outcome.attempt} is no longer current`;
  }
  return null;
}

/**
 * A forward step given up after timeouts (or cancelled) may still have taken effect: the
 * provider answered after we stopped waiting. Its effect is real, so it is compensated like any
 * other, even if that reopens a saga that had finished rolling back.
 */
export function isLateSuccessOfGivenUpStep(d: SagaDecision, outcome: StepOutcome): boolean {
  return outcome.kind === 'succeeded' && outcome.direction === 'forward' && d.steps[outcome.position].status === 'FAILED';
}

export function compensateLateSuccess(d: SagaDecision, outcome: StepOutcome): void {
  const { row, definition } = d.stepAt(outcome.position);
  row.status = 'SUCCEEDED';
  row.output = outcome.output;
  d.record({ type: 'LateSuccessAfterGiveUp', step: row.name, data: { event: outcome.event, attempt: outcome.attempt, ...(outcome.output ?? {}) } });
  // Without a compensation (a pivot) there is nothing to undo; the incident names it if the rollback cannot finish.
  if (!definition.compensation || d.saga.awaiting !== null) return; // the compensation under way will reach it
  d.saga.status = 'COMPENSATING';
  d.saga.finishedAt = null;
  compensateNext(d);
}
