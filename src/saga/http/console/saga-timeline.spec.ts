import { describe, expect, it } from '@jest/globals';
import { attemptsOf, definitionFields, pastPivot } from './saga-timeline.js';

const at = (s: number) => new Date(Date.UTC(2026, 11, 2, 1, 0, s)).toISOString();
const entry = (seq: number, type: string, step: string | null, data: Record<string, unknown>) => ({ seq, at: at(seq), type, step, data });

describe('the timeline read from a history', () => {
  it('tells each attempt of a step and of its compensation: outcome, duration, error, the wait before the next', () => {
    const history = [
      entry(1, 'StepStarted', 'charge', { attempt: 1, direction: 'forward' }),
      entry(2, 'PaymentCharged', 'charge', { attempt: 1, direction: 'forward', durationMs: 17, outcome: 'succeeded' }),
      entry(3, 'StepStarted', 'mail', { attempt: 1, direction: 'forward' }),
      entry(4, 'CompensationStarted', 'charge', { attempt: 1, direction: 'compensate', compensation: 'refund' }),
      entry(5, 'PaymentRefundFailed', 'charge', { attempt: 1, direction: 'compensate', durationMs: 9, outcome: 'transient', error: 'Gateway down' }),
      entry(6, 'RetryScheduled', 'charge', { direction: 'compensate', failedAttempt: 1, nextAttempt: 2, delayMs: 40, error: 'Gateway down' }),
      entry(7, 'CompensationStarted', 'charge', { attempt: 2, direction: 'compensate', compensation: 'refund' }),
      entry(8, 'AttemptTimedOut', 'charge', { attempt: 2, direction: 'compensate', timeoutMs: 60000 }),
      // A late answer to the timed-out attempt: the timeout stays what the saga decided on.
      entry(9, 'PaymentRefunded', 'charge', { attempt: 2, direction: 'compensate', durationMs: 61000, outcome: 'succeeded' }),
      entry(10, 'CompensationStarted', 'charge', { attempt: 3, direction: 'compensate', compensation: 'refund' }),
    ];
    expect(attemptsOf(history, 'charge')).toEqual([
      { direction: 'forward', attempt: 1, startedAt: at(1), outcome: 'succeeded', durationMs: 17, error: null, retryDelayMs: null },
      { direction: 'compensate', attempt: 1, startedAt: at(4), outcome: 'transient', durationMs: 9, error: 'Gateway down', retryDelayMs: 40 },
      { direction: 'compensate', attempt: 2, startedAt: at(7), outcome: 'timeout', durationMs: 60000, error: 'no answer within 60000 ms', retryDelayMs: null },
      { direction: 'compensate', attempt: 3, startedAt: at(10), outcome: null, durationMs: null, error: null, retryDelayMs: null },
    ]);
    expect(attemptsOf(history, 'mail')).toHaveLength(1);
  });

  it('lists the fields a definition adds to its view, and only those', () => {
    const view = { sagaId: 's', type: 't', status: 'RUNNING', steps: [], email: 'ada@example.com', amount: 99.99, refundId: null, extra: { a: 1 } };
    expect(definitionFields(view)).toEqual([['email', 'ada@example.com'], ['amount', '99.99'], ['extra', '{"a":1}']]);
  });

  it('knows a saga is past its pivot once the pivot step succeeded', () => {
    const step = (kind: string, status: string) => ({ kind, status }) as Parameters<typeof pastPivot>[0][number];
    expect(pastPivot([step('compensatable', 'SUCCEEDED'), step('pivot', 'RUNNING')])).toBe(false);
    expect(pastPivot([step('compensatable', 'SUCCEEDED'), step('pivot', 'SUCCEEDED')])).toBe(true);
  });
});
