import { Injectable, Logger } from '@nestjs/common';
import { logLevelEnabled } from '../../infra/logging/log-level.js';
import { maskEmails } from '../../infra/logging/mask-email.js';
import { traceIdOf } from '../../infra/tracing/tracing.js';
import type { SagaDefinition } from './saga-definition.js';
import type { SagaEvent } from './saga-event.js';
import type { SagaInstance } from './saga-instance.entity.js';

type Level = 'log' | 'warn' | 'error';

/** The level of each entry that has a line (the others are not narrated). */
const LEVEL: Partial<Record<SagaEvent['type'], Level>> = {
  SagaStarted: 'log',
  StepStarted: 'log',
  StepSucceeded: 'log',
  Answer: 'log',
  RetryScheduled: 'warn',
  AttemptTimedOut: 'warn',
  StepFailed: 'warn',
  CompensationTriggered: 'warn',
  CompensationStarted: 'log',
  CompensationGivenUp: 'error',
  AttemptRedelivered: 'warn',
  SagaStuck: 'error',
  SagaCancelled: 'warn',
  SagaCompleted: 'log',
  SagaRolledBack: 'log',
  SagaPartiallyRolledBack: 'error',
  IncidentOpened: 'error',
};

/**
 * Tells each saga's story in the log as it happens, in the words of the seed's console output:
 * steps, outputs, registered compensations, failed attempts with the wait before the next, the
 * final state, and for a partial rollback what a person must do. It reads the typed history, so
 * a new saga is narrated without a line here.
 */
@Injectable()
export class SagaNarrator {
  private readonly logger = new Logger('Saga');

  narrate(saga: SagaInstance, definition: SagaDefinition<never>, entries: SagaEvent[]): void {
    // A line is built only at a level that is written (at LOG_LEVEL=warn most entries say nothing).
    const written = { log: logLevelEnabled('log'), warn: logLevelEnabled('warn'), error: logLevelEnabled('error') };
    for (const entry of entries) {
      const level = LEVEL[entry.type];
      if (!level || !written[level]) continue;
      const text = describe(saga, definition, entry);
      if (text === null) continue;
      // An object message: JSON logs get sagaId, event and step as fields.
      // Addresses masked: they appear in the start line, in effects left in place, in outputs.
      const event = entry.type === 'Answer' ? entry.event : entry.type;
      const message: Record<string, unknown> = { sagaId: saga.id, event, step: entry.step, msg: maskEmails(`[${saga.id}] ${text}`) };
      // The saga's trace, so a log line leads to its spans (tracing on).
      const traceId = traceIdOf(saga.traceParent);
      if (traceId) message.traceId = traceId;
      this.logger[level](message);
    }
  }
}

function describe(saga: SagaInstance, definition: SagaDefinition<never>, entry: SagaEvent): string | null {
  // Counted among the steps the saga lists; a step it does not list (lifting a lock) is its last act.
  const listed = definition.steps.filter((s) => s.listed !== false);
  const position = (step: string) => {
    const at = listed.findIndex((s) => s.name === step);
    return at < 0 ? 'final' : `${at + 1}/${listed.length}`;
  };
  switch (entry.type) {
    case 'SagaStarted':
      return `Starting saga ${saga.type} v${saga.definitionVersion} ${definition.describe?.(saga.input as never) ?? ''}`.trimEnd();
    case 'StepStarted':
      return `Step ${position(entry.step)}: ${entry.step} (attempt ${entry.data.attempt})`;
    case 'StepSucceeded':
      return `✓ ${entry.step} succeeded, ${entry.data.compensation ? `compensation registered: ${entry.data.compensation}` : `${entry.data.kind} step: no compensation`}`;
    case 'Answer':
      return entry.data.outcome === 'succeeded' ? `  ${entry.event}: ${JSON.stringify(entry.data)}` : null;
    case 'RetryScheduled': {
      const { direction, failedAttempt, error, delayMs } = entry.data;
      return `✗ ${entry.step} ${direction === 'compensate' ? 'compensation ' : ''}attempt ${failedAttempt} failed: ${error}; retrying in ${delayMs} ms`;
    }
    case 'AttemptTimedOut':
      return `✗ ${entry.step} attempt ${entry.data.attempt} timed out after ${entry.data.timeoutMs} ms`;
    case 'StepFailed':
      return `✗ ${entry.step} FAILED after ${entry.data.attempts} attempt(s): ${entry.data.error}`;
    case 'CompensationTriggered':
      return `Rolling back ${entry.data.order.length} completed step(s), in order: ${entry.data.order.join(' → ') || 'none'}`;
    case 'CompensationStarted':
      return `Compensating ${entry.step}: ${entry.data.compensation} (attempt ${entry.data.attempt})`;
    case 'CompensationGivenUp':
      return `Compensation of ${entry.step} failed permanently after ${entry.data.attempts} attempts: ${entry.data.error}`;
    case 'AttemptRedelivered':
      return `Resending ${entry.step} attempt ${entry.data.attempt} after a restart`;
    case 'SagaStuck':
      return `STUCK past the pivot after ${entry.data.stuckAfterMs} ms: done ${entry.data.done.join(', ')}; left ${entry.data.left.join(', ')}`;
    case 'SagaCancelled':
      return `Cancelled by ${entry.data.actor ?? 'an operator'}: ${entry.data.reason}`;
    case 'SagaCompleted':
      return 'SAGA COMPLETED: all steps succeeded';
    case 'SagaRolledBack':
      return 'SAGA ROLLED BACK: every completed step was compensated';
    case 'SagaPartiallyRolledBack':
      return 'SAGA PARTIALLY ROLLED BACK: manual intervention required';
    case 'IncidentOpened':
      return `Incident ${entry.data.incidentId}: ${entry.data.effectsInPlace.join('; ')}. Manual action required: ${entry.data.actions.join('; ')}`;
    default:
      return null;
  }
}
