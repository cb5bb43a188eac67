import { Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '../../infra/domain-error.js';
import { errorMessage } from '../../infra/error-message.js';
import { RecordStepOutcome } from './record-step-outcome.command.js';
import { SagaRunner } from './saga-runner.js';

@CommandHandler(RecordStepOutcome)
export class RecordStepOutcomeHandler implements ICommandHandler<RecordStepOutcome> {
  private readonly logger = new Logger(RecordStepOutcomeHandler.name);

  constructor(private readonly runner: SagaRunner) {}

  async execute({ event }: RecordStepOutcome): Promise<void> {
    try {
      await this.runner.advance(event.correlation.sagaId, { type: 'Answer', event });
    } catch (error) {
      // An answer for a saga blocked on its version is left to the attempt's deadline, which sends
      // it again once that version runs here. Anything else (the database) is the bus's to report.
      if (!(error instanceof DomainError && error.code === 'SAGA.BLOCKED')) throw error;
      this.logger.warn(`Answer ${event.constructor.name} for saga ${event.correlation.sagaId} not recorded: ${errorMessage(error)}`);
    }
  }
}
