import type { SagaStatus } from '../saga-status.js';
import { FINISHED_EVENT } from '../saga-event.js';
import { send } from './attempt-clock.js';
import type { StepOutcome } from './answer-outcome.js';
import type { SagaDecision } from './saga-decision.js';

/**
 * Sequencing: which step runs next, the compensations of the succeeded steps newest first, and
 * the final status. A step past a pivot is never compensated: the saga only goes forward.
 */
export function start(d: SagaDecision): void {
  d.record({ type: 'SagaStarted', step: null, data: { steps: d.definition.steps.map((s) => s.name), version: d.definition.version } });
  send(d, 'forward', 0);
}

export function succeed(d: SagaDecision, outcome: StepOutcome): void {
  const { row, definition } = d.current;
  if (d.saga.direction === 'compensate') {
    row.status = 'COMPENSATED';
    row.error = null;
    row.finishedAt = d.now;
    return compensateNext(d);
  }
  row.status = 'SUCCEEDED';
  row.output = outcome.output;
  row.error = null;
  row.finishedAt = d.now;
  d.record({ type: 'StepSucceeded', step: row.name, data: { compensation: definition.compensation?.name ?? null, kind: definition.kind } });
  if (d.saga.stepIndex < d.steps.length - 1) send(d, 'forward', d.saga.stepIndex + 1);
  else finish(d, 'COMPLETED');
}

/** A step or compensation that will not be tried again. */
export function giveUp(d: SagaDecision, error: string, retryable: boolean): void {
  const { row } = d.current;
  row.finishedAt = d.now;
  if (d.saga.direction === 'compensate') {
    row.status = 'COMPENSATION_FAILED';
    d.record({ type: 'CompensationGivenUp', step: row.name, data: { attempts: d.currentAttempt, error } });
    return compensateNext(d);
  }
  row.status = 'FAILED';
  d.record({ type: 'StepFailed', step: row.name, data: { attempts: d.currentAttempt, error, retryable } });
  beginCompensation(d);
}

export function beginCompensation(d: SagaDecision): void {
  d.saga.status = 'COMPENSATING';
  const order = undoable(d).map((position) => d.steps[position].name);
  d.record({ type: 'CompensationTriggered', step: null, data: { order } });
  compensateNext(d);
}

/** Positions of the steps still to undo, newest first: succeeded, with a compensation. */
function undoable(d: SagaDecision): number[] {
  const positions: number[] = [];
  for (let position = d.steps.length - 1; position >= 0; position--) {
    if (d.steps[position].status === 'SUCCEEDED' && d.definition.steps[position].compensation) positions.push(position);
  }
  return positions;
}

/**
 * Compensates the newest step still SUCCEEDED, or ends the rollback. Steps above the one being
 * undone are never SUCCEEDED, except one that succeeded late (see late-results), which must be
 * undone too.
 */
export function compensateNext(d: SagaDecision): void {
  const [next] = undoable(d);
  if (next !== undefined) return send(d, 'compensate', next);
  const givenUp = d.steps.some((s) => s.status === 'COMPENSATION_FAILED');
  finish(d, givenUp ? 'PARTIALLY_ROLLED_BACK' : 'ROLLED_BACK');
}

export function finish(d: SagaDecision, status: SagaStatus & keyof typeof FINISHED_EVENT): void {
  const { saga, definition } = d;
  saga.status = status;
  saga.awaiting = null;
  saga.deadlineAt = null;
  saga.wakeAt = null;
  saga.finishedAt = d.now;
  d.justFinished = true;
  const steps = Object.fromEntries(d.steps.map((s) => [s.name, s.status]));
  if (!definition.keepsLock?.({ status, steps })) saga.lockKey = null;
  if (status === 'COMPLETED' && definition.releasesOnCompletion) {
    d.releasedLocks = definition.releasesOnCompletion({ input: saga.input as never, outputs: d.outputs() });
  }
  d.record({ type: FINISHED_EVENT[status], step: null, data: { status } });
}

/**
 * An operator stops a running saga: the attempt in flight, if any, is treated as timed out (a
 * success arriving late is compensated, see late-results), and the succeeded steps are undone.
 */
export function cancel(d: SagaDecision, reason: string, actor: string | null): void {
  const { row } = d.current;
  d.record({ type: 'SagaCancelled', step: null, data: { reason, actor } });
  if (row.status === 'RUNNING') {
    row.status = 'FAILED';
    row.error = `cancelled: ${reason}`.slice(0, 500);
    row.finishedAt = d.now;
  }
  d.saga.awaiting = null;
  d.saga.deadlineAt = null;
  d.saga.wakeAt = null;
  beginCompensation(d);
}

/**
 * A saga past its pivot cannot roll back, so one that keeps failing forward needs a person: it
 * is reported once (the incident book opens an incident), naming what is done and what is left.
 */
export function reportStuck(d: SagaDecision, stuckAfterMs: number): void {
  if (d.finished || !d.pastPivot || d.saga.incidentId !== null) return;
  const done = d.steps.filter((s) => s.status === 'SUCCEEDED').map((s) => s.name);
  const left = d.steps.filter((s) => s.status !== 'SUCCEEDED').map((s) => s.name);
  d.record({ type: 'SagaStuck', step: null, data: { done, left, error: d.current.row.error, stuckAfterMs } });
}

/** Runs the given-up compensations of a partially rolled back saga again, with a fresh budget. */
export function retryCompensations(d: SagaDecision, actor: string | null, note: string | null): void {
  const givenUp = d.steps.filter((s) => s.status === 'COMPENSATION_FAILED');
  for (const step of givenUp) {
    step.status = 'SUCCEEDED';
    step.compensationAttempts = 0;
  }
  d.saga.finishedAt = null;
  d.saga.status = 'COMPENSATING';
  d.record({ type: 'CompensationRetryRequested', step: null, data: { steps: givenUp.map((s) => s.name), actor, note } });
  compensateNext(d);
}
