import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CancelSaga } from './cancel-saga.command.js';
import { SagaErrors } from './saga.errors.js';
import { SagaRunner } from './saga-runner.js';

/** Only a RUNNING saga that has not passed a pivot can be cancelled (409 otherwise). */
@CommandHandler(CancelSaga)
export class CancelSagaHandler implements ICommandHandler<CancelSaga> {
  constructor(private readonly runner: SagaRunner) {}

  async execute({ sagaId, reason, actor }: CancelSaga): Promise<void> {
    const decision = await this.runner.advance(sagaId, (d) => {
      if (d.saga.status !== 'RUNNING') throw SagaErrors.notCancellable(sagaId, `it is ${d.saga.status}`);
      if (d.pastPivot) throw SagaErrors.notCancellable(sagaId, 'it has passed its pivot step and only goes forward');
      return { type: 'Cancel', reason, actor };
    });
    if (!decision) throw SagaErrors.notFound(sagaId);
  }
}
