import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { IncidentBook } from '../incidents/incident-book.js';
import { RetrySaga } from './retry-saga.command.js';
import { SagaErrors } from './saga.errors.js';
import { SagaRunner } from './saga-runner.js';

/**
 * A PARTIALLY_ROLLED_BACK saga runs its given-up compensations again with a fresh budget; a
 * RUNNING saga waiting to retry a step, or past its pivot (stuck on a retriable step), retries it now.
 * Never once its incident was resolved by hand: the person may already have undone the effect.
 */
@CommandHandler(RetrySaga)
export class RetrySagaHandler implements ICommandHandler<RetrySaga> {
  constructor(
    private readonly runner: SagaRunner,
    private readonly incidents: IncidentBook,
  ) {}

  async execute({ sagaId, actor, note }: RetrySaga): Promise<void> {
    const decision = await this.runner.advance(sagaId, (d) => {
      const { saga } = d;
      if (saga.status === 'PARTIALLY_ROLLED_BACK') return { type: 'RetryCompensations', actor, note };
      if (saga.status === 'RUNNING' && (saga.awaiting === 'retry' || d.pastPivot)) return { type: 'RetryNow', actor, note };
      throw SagaErrors.notRetryable(sagaId, saga.status);
    }, { check: (manager, saga) => this.incidents.refuseRetryIfResolved(manager, saga) });
    if (!decision) throw SagaErrors.notFound(sagaId);
  }
}
