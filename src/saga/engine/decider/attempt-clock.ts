import type { Direction } from '../saga-definition.js';
import { backoffMs, policyOf } from '../step-policy.js';
import type { SagaDecision } from './saga-decision.js';
import { giveUp } from './sequencing.js';

/**
 * The attempt clock: sending an attempt, its deadline and lease, retries with backoff, and what
 * the scheduler does once `wakeAt` has passed. At any time at most one attempt is out;
 * `saga.awaiting` says whether its result is awaited or a retry is waiting. `wakeAt` is when
 * someone must look at the saga again: when the retry is due, or, for an attempt that is out,
 * the earlier of its deadline and the end of the sender's lease (the sender renews the lease
 * while it lives; once it lapses, any instance takes the attempt over).
 */
export function send(d: SagaDecision, direction: Direction, position: number): void {
  const { row, definition } = d.stepAt(position);
  d.saga.direction = direction;
  d.saga.stepIndex = position;
  let attempt: number;
  if (direction === 'forward') {
    attempt = ++row.attempts;
    row.status = 'RUNNING';
    row.startedAt ??= d.now;
    d.record({ type: 'StepStarted', step: row.name, data: { attempt, direction } });
  } else {
    attempt = ++row.compensationAttempts;
    row.status = 'COMPENSATING';
    d.record({ type: 'CompensationStarted', step: row.name, data: { attempt, direction, compensation: definition.compensation!.name } });
  }
  awaitResult(d);
  d.dispatch = { position, direction, attempt };
}

function awaitResult(d: SagaDecision): void {
  const policy = policyOf(d.current.definition, d.saga.direction, d.settings);
  d.saga.awaiting = 'result';
  d.saga.attemptSentAt = d.now;
  d.saga.deadlineAt = d.now + policy.timeoutMs;
  d.saga.wakeAt = Math.min(d.saga.deadlineAt, d.now + d.settings.leaseMs);
}

/**
 * A failed attempt: retried after a backoff while the policy allows (a retriable step, always),
 * else the step or compensation is given up.
 */
export function failAttempt(d: SagaDecision, error: string, retryable: boolean): void {
  const { row, definition } = d.current;
  const direction = d.saga.direction;
  const attempt = d.currentAttempt;
  const policy = policyOf(definition, direction, d.settings);
  row.error = error.slice(0, 500);
  const alwaysRetried = direction === 'forward' && definition.kind === 'retriable';
  if (alwaysRetried || (retryable && attempt < policy.maxAttempts)) {
    const delayMs = backoffMs(policy, attempt, d.random);
    d.saga.awaiting = 'retry';
    d.saga.deadlineAt = null;
    d.saga.wakeAt = d.now + delayMs;
    d.record({ type: 'RetryScheduled', step: row.name, data: { direction, failedAttempt: attempt, nextAttempt: attempt + 1, delayMs, error } });
    return;
  }
  giveUp(d, error, retryable);
}

/**
 * The scheduler's call once `wakeAt` has passed: send the retry, time the attempt out, or,
 * when only the sender's lease has lapsed (it died), send the attempt again.
 */
export function wake(d: SagaDecision): void {
  if (d.finished || d.saga.wakeAt === null || d.saga.wakeAt > d.now) return;
  if (d.saga.awaiting === 'retry') return send(d, d.saga.direction, d.saga.stepIndex);
  if (d.saga.deadlineAt !== null && d.now < d.saga.deadlineAt) return redeliver(d);
  const { timeoutMs } = policyOf(d.current.definition, d.saga.direction, d.settings);
  d.record({ type: 'AttemptTimedOut', step: d.current.row.name, data: { attempt: d.currentAttempt, direction: d.saga.direction, timeoutMs } });
  failAttempt(d, `timed out after ${timeoutMs} ms`, true);
}

/**
 * Sends the outstanding attempt again, unchanged, after the process that sent it died. The
 * module and provider see the same idempotency key, so a redelivery never repeats an effect.
 */
export function redeliver(d: SagaDecision): void {
  if (d.finished || d.saga.awaiting !== 'result') return;
  const attempt = d.currentAttempt;
  d.record({ type: 'AttemptRedelivered', step: d.current.row.name, data: { attempt, direction: d.saga.direction } });
  awaitResult(d);
  d.dispatch = { position: d.saga.stepIndex, direction: d.saga.direction, attempt };
}

/**
 * An operator's "retry now": a wait for the next attempt is cut short; an attempt still out is
 * sent again at once (same idempotency key, so it cannot take effect twice).
 */
export function retryNow(d: SagaDecision): void {
  if (d.saga.awaiting === 'retry') send(d, d.saga.direction, d.saga.stepIndex);
  else if (d.saga.awaiting === 'result') redeliver(d);
}
