import type { SagaView } from '../saga.view.js';

type Entry = SagaView['history'][number];
type Direction = 'forward' | 'compensate';

/** One attempt of a step or of its compensation, as the history tells it. */
export interface AttemptLine {
  direction: Direction;
  attempt: number;
  startedAt: string;
  /** `succeeded`, `business`, `transient`, `timeout`; null while it is out. */
  outcome: string | null;
  durationMs: number | null;
  error: string | null;
  /** When the next attempt was scheduled after this one failed, and after how long a wait. */
  retryDelayMs: number | null;
}

/** What the saga is waiting for, with the instant a countdown runs to. */
export interface Wait {
  kind: 'retry' | 'result';
  step: string;
  direction: Direction;
  until: string;
}

/**
 * The attempts of one step, both directions, read from the saga's history: a start entry opens
 * an attempt, the module's answer (any entry with `outcome` and `durationMs`) or a timeout closes
 * it, and a RetryScheduled says how long the saga waited before the next. Generic: it reads the
 * engine's entry shapes only, never a saga type's event names.
 */
export function attemptsOf(history: readonly Entry[], step: string): AttemptLine[] {
  const lines: AttemptLine[] = [];
  const find = (direction: Direction, attempt: number) => lines.find((l) => l.direction === direction && l.attempt === attempt);
  for (const entry of history) {
    if (entry.step !== step) continue;
    const data = entry.data as Record<string, unknown>;
    const direction = data.direction as Direction | undefined;
    if (entry.type === 'StepStarted' || entry.type === 'CompensationStarted') {
      lines.push({ direction: direction ?? 'forward', attempt: Number(data.attempt), startedAt: entry.at, outcome: null, durationMs: null, error: null, retryDelayMs: null });
    } else if (entry.type === 'AttemptTimedOut' && direction) {
      const line = find(direction, Number(data.attempt));
      if (line && line.outcome === null) Object.assign(line, { outcome: 'timeout', durationMs: Number(data.timeoutMs), error: `no answer within ${Number(data.timeoutMs)} ms` });
    } else if (entry.type === 'RetryScheduled' && direction) {
      const line = find(direction, Number(data.failedAttempt));
      if (line) line.retryDelayMs = Number(data.delayMs);
    } else if (direction && typeof data.outcome === 'string' && typeof data.durationMs === 'number') {
      const line = find(direction, Number(data.attempt));
      // A late answer to an attempt already timed out keeps the timeout: that is what the saga decided on.
      if (line && line.outcome === null) Object.assign(line, { outcome: data.outcome, durationMs: data.durationMs, error: typeof data.error === 'string' ? data.error : null });
    }
  }
  return lines;
}

/** Who did it, for entries an operator caused (cancel, retry, resolve): their key's name. */
export const actorOf = (entry: Entry): string | null => {
  const actor = (entry.data as Record<string, unknown>).actor;
  return typeof actor === 'string' ? actor : null;
};

/** The engine's own fields of a saga view; every other field is the definition's (`view`). */
const ENGINE_FIELDS = new Set(['sagaId', 'type', 'definitionVersion', 'status', 'blocked', 'createdAt', 'updatedAt', 'finishedAt', 'incidentId', 'steps', 'history', 'webhooks']);

/** The fields a saga's definition adds to its view (`email`, `amount`, `reason`, ...), in its order. */
export function definitionFields(view: object): Array<[string, string]> {
  return Object.entries(view)
    .filter(([name, value]) => !ENGINE_FIELDS.has(name) && value !== undefined && value !== null && value !== '')
    .map(([name, value]) => [name, typeof value === 'object' ? JSON.stringify(value) : String(value)]);
}

/** Whether a pivot step of this saga has succeeded: past it the saga only goes forward. */
export const pastPivot = (steps: SagaView['steps']) => steps.some((s) => s.kind === 'pivot' && s.status === 'SUCCEEDED');
