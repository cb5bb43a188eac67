import { Injectable, Logger } from '@nestjs/common';
import { maskEmails } from '../infra/logging/mask-email.js';
import type { HistoryEntry } from './registration-flow.js';
import { STEP_NAMES } from './registration-steps.js';
import type { Saga } from './saga.entity.js';

const position = (step: string | null) => `${STEP_NAMES.indexOf(step as never) + 1}/${STEP_NAMES.length}`;

/**
 * Tells each saga's story in the log as it happens, in the words of the seed's console output:
 * steps, outputs, registered compensations, failed attempts with the wait before the next, the
 * final state, and for a partial rollback what a person must do.
 */
@Injectable()
export class SagaNarrator {
  private readonly logger = new Logger('Saga');

  narrate(saga: Saga, entries: HistoryEntry[]): void {
    for (const entry of entries) {
      const line = this.describe(saga, entry);
      if (!line) continue;
      // An object message: JSON logs get sagaId, event and step as fields.
      // Addresses masked: they appear in the start line, in effects left in place, in outputs.
      const message = { sagaId: saga.id, event: entry.type, step: entry.step, msg: maskEmails(`[${saga.id}] ${line.text}`) };
      if (line.level === 'error') this.logger.error(message);
      else if (line.level === 'warn') this.logger.warn(message);
      else this.logger.log(message);
    }
  }

  private describe(saga: Saga, { type, step, data }: HistoryEntry): { level: 'log' | 'warn' | 'error'; text: string } | null {
    const attempt = data.attempt as number | undefined;
    switch (type) {
      case 'SagaStarted':
        return { level: 'log', text: `Starting saga user-registration for ${saga.email}` };
      case 'StepStarted':
        return { level: 'log', text: `Step ${position(step)}: ${step} (attempt ${attempt})` };
      case 'StepSucceeded':
        return { level: 'log', text: `✓ ${step} succeeded, compensation registered: ${data.compensation}` };
      case 'RetryScheduled':
        return { level: 'warn', text: `✗ ${step} ${data.direction === 'compensate' ? 'compensation ' : ''}attempt ${data.failedAttempt} failed: ${data.error}; retrying in ${data.delayMs} ms` };
      case 'AttemptTimedOut':
        return { level: 'warn', text: `✗ ${step} attempt ${attempt} timed out after ${data.timeoutMs} ms` };
      case 'StepFailed':
        return { level: 'warn', text: `✗ ${step} FAILED after ${data.attempts} attempt(s): ${data.error}` };
      case 'CompensationTriggered':
        return { level: 'warn', text: `Rolling back ${(data.order as string[]).length} completed step(s), in order: ${(data.order as string[]).join(' → ') || 'none'}` };
      case 'CompensationStarted':
        return { level: 'log', text: `Compensating ${step} (attempt ${attempt})` };
      case 'CompensationGivenUp':
        return { level: 'error', text: `Compensation of ${step} failed permanently after ${data.attempts} attempts: ${data.error}` };
      case 'AttemptRedelivered':
        return { level: 'warn', text: `Resending ${step} attempt ${attempt} after a restart` };
      case 'SagaCompleted':
        return { level: 'log', text: 'SAGA COMPLETED: all steps succeeded, account active' };
      case 'SagaRolledBack':
        return { level: 'log', text: 'SAGA ROLLED BACK: every completed step was compensated' };
      case 'SagaPartiallyRolledBack':
        return { level: 'error', text: 'SAGA PARTIALLY ROLLED BACK: manual intervention required' };
      case 'IncidentOpened':
        return {
          level: 'error',
          text: `Incident ${data.incidentId}: ${(data.effectsInPlace as string[]).join('; ')}. Manual action required: ${(data.actions as string[]).join('; ')}`,
        };
      default:
        return step && type.match(/(Created|Charged|Sent|Refunded|Deleted|Cancelled|Activated)$/)
          ? { level: 'log', text: `  ${type}: ${JSON.stringify(data)}` }
          : null;
    }
  }
}
