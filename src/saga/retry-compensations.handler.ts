import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { IncidentBook } from './incidents/incident-book.js';
import { RetryCompensations } from './retry-compensations.command.js';
import { SagaErrors } from './saga.errors.js';
import { SagaRunner } from './saga-runner.js';

@CommandHandler(RetryCompensations)
export class RetryCompensationsHandler implements ICommandHandler<RetryCompensations> {
  constructor(
    private readonly runner: SagaRunner,
    private readonly incidents: IncidentBook,
  ) {}

  async execute({ sagaId, actor }: RetryCompensations): Promise<void> {
    const flow = await this.runner.advance(
      sagaId,
      (decision) => {
        const { status } = decision.saga;
        if (status !== 'PARTIALLY_ROLLED_BACK') throw SagaErrors.notRetryable(sagaId, status);
        decision.retryCompensations(actor);
      },
      { check: (manager, saga) => this.incidents.refuseRetryIfResolved(manager, saga) },
    );
    if (!flow) throw SagaErrors.notFound(sagaId);
  }
}
