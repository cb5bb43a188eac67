import type { AnswerEvent } from '../saga-definition.js';
import { outcomeOf } from './answer-outcome.js';
import { failAttempt, redeliver, retryNow, wake } from './attempt-clock.js';
import { compensateLateSuccess, isLateSuccessOfGivenUpStep, staleReason } from './late-results.js';
import type { SagaDecision } from './saga-decision.js';
import { cancel, reportStuck, retryCompensations, start, succeed } from './sequencing.js';

/** What can happen to a saga: each is one decision, committed in one transaction. */
export type SagaInput =
  | { type: 'Start' }
  | { type: 'Answer'; event: AnswerEvent }
  | { type: 'Wake' }
  | { type: 'Redeliver' }
  | { type: 'RetryCompensations'; actor: string | null; note: string | null }
  | { type: 'RetryNow'; actor: string | null; note: string | null }
  | { type: 'Cancel'; reason: string; actor: string | null }
  | { type: 'Stuck'; stuckAfterMs: number };

/**
 * The engine's decider: `(state, input) → decisions`, for any definition. It changes the rows in
 * `d` and appends to `d.history`; it does no I/O, so every decision is tested without a
 * database and replays the same after a crash. Preconditions of operator inputs (cancel,
 * retry) are the caller's to check first (see saga-rules).
 */
export function decide(d: SagaDecision, input: SagaInput): void {
  switch (input.type) {
    case 'Start':
      return start(d);
    case 'Answer':
      return applyAnswer(d, input.event);
    case 'Wake':
      return wake(d);
    case 'Redeliver':
      return redeliver(d);
    case 'RetryCompensations':
      return retryCompensations(d, input.actor, input.note);
    case 'RetryNow':
      d.record({ type: 'RetryRequested', step: d.current.row.name, data: { actor: input.actor, note: input.note } });
      return retryNow(d);
    case 'Cancel':
      return cancel(d, input.reason, input.actor);
    case 'Stuck':
      return reportStuck(d, input.stuckAfterMs);
  }
}

function applyAnswer(d: SagaDecision, event: AnswerEvent): void {
  const outcome = outcomeOf(d.definition, event);
  if ('unmatched' in outcome) {
    d.record({ type: 'LateResultIgnored', step: event.correlation.step, data: { event: event.constructor.name, attempt: event.correlation.attempt, reason: outcome.unmatched } });
    return;
  }
  if (isLateSuccessOfGivenUpStep(d, outcome)) return compensateLateSuccess(d, outcome);
  const stepName = d.steps[outcome.position].name;
  const stale = staleReason(d, outcome);
  if (stale) {
    d.record({ type: 'LateResultIgnored', step: stepName, data: { event: outcome.event, attempt: outcome.attempt, reason: stale } });
    return;
  }
  d.record({
    type: 'Answer',
    event: outcome.event,
    step: stepName,
    data: {
      attempt: outcome.attempt,
      direction: outcome.direction,
      durationMs: d.now - (d.saga.attemptSentAt ?? d.now),
      outcome: outcome.kind,
      ...(outcome.output ?? {}),
      ...(outcome.kind === 'succeeded' ? {} : { error: outcome.error!, retryable: outcome.kind === 'transient' }),
    },
  });
  if (outcome.kind === 'succeeded') succeed(d, outcome);
  else failAttempt(d, outcome.error ?? 'failed', outcome.kind === 'transient');
}
