import type { Direction, StepOutput } from './saga-definition.js';
import type { SagaStatus } from './saga-status.js';

/**
 * The saga's history, typed: every entry the engine records, as one discriminated union. The
 * decider emits these; the store writes them to `saga_history`; the narrator, the metrics and
 * the incident book read them. `step` is the forward step's name for entries about a step
 * (its compensation included) and null for saga-wide entries.
 */
export type SagaEvent =
  | { type: 'SagaStarted'; step: null; data: { steps: string[]; version: number } }
  | { type: 'StepStarted'; step: string; data: { attempt: number; direction: 'forward' } }
  | { type: 'CompensationStarted'; step: string; data: { attempt: number; direction: 'compensate'; compensation: string } }
  /** A module's answer, stored under the module event's own name (`PaymentCharged`). */
  | { type: 'Answer'; event: string; step: string; data: AnswerData }
  | { type: 'StepSucceeded'; step: string; data: { compensation: string | null; kind: string } }
  | { type: 'RetryScheduled'; step: string; data: { direction: Direction; failedAttempt: number; nextAttempt: number; delayMs: number; error: string } }
  | { type: 'AttemptTimedOut'; step: string; data: { attempt: number; direction: Direction; timeoutMs: number } }
  | { type: 'AttemptRedelivered'; step: string; data: { attempt: number; direction: Direction } }
  | { type: 'StepFailed'; step: string; data: { attempts: number; error: string; retryable: boolean } }
  | { type: 'CompensationTriggered'; step: null; data: { order: string[] } }
  | { type: 'CompensationGivenUp'; step: string; data: { attempts: number; error: string } }
  | { type: 'LateResultIgnored'; step: string; data: { event: string; attempt: number; reason: string } }
  | { type: 'LateSuccessAfterGiveUp'; step: string; data: { event: string; attempt: number } & StepOutput }
  | { type: 'CompensationRetryRequested'; step: null; data: { steps: string[]; actor: string | null; note: string | null } }
  | { type: 'RetryRequested'; step: string; data: { actor: string | null; note: string | null } }
  /** Past its pivot and unfinished after SAGA_STUCK_AFTER_MS: what is done, what is left, and what fails. */
  | { type: 'SagaStuck'; step: null; data: { done: string[]; left: string[]; error: string | null; stuckAfterMs: number } }
  | { type: 'SagaCancelled'; step: null; data: { reason: string; actor: string | null } }
  | { type: 'SagaCompleted' | 'SagaRolledBack' | 'SagaPartiallyRolledBack'; step: null; data: { status: SagaStatus } }
  | { type: 'IncidentOpened'; step: null; data: { incidentId: string; effectsInPlace: string[]; actions: string[] } }
  | { type: 'IncidentResolved'; step: null; data: { incidentId: string; note: string; actor?: string | null } };

export type SagaEventType = SagaEvent['type'];

export interface AnswerData extends Record<string, unknown> {
  attempt: number;
  direction: Direction;
  durationMs: number;
  /** Present on failures only. */
  error?: string;
  retryable?: boolean;
  outcome: 'succeeded' | 'business' | 'transient';
}

/** The name an entry is stored and shown under. */
export const storedType = (event: SagaEvent): string => (event.type === 'Answer' ? event.event : event.type);

export const FINISHED_EVENT = {
  COMPLETED: 'SagaCompleted',
  ROLLED_BACK: 'SagaRolledBack',
  PARTIALLY_ROLLED_BACK: 'SagaPartiallyRolledBack',
} as const;
