import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RecordStepOutcome } from './record-step-outcome.command.js';
import { SagaRunner } from './saga-runner.js';

@CommandHandler(RecordStepOutcome)
export class RecordStepOutcomeHandler implements ICommandHandler<RecordStepOutcome> {
  constructor(private readonly runner: SagaRunner) {}

  async execute({ outcome }: RecordStepOutcome): Promise<void> {
    await this.runner.advance(outcome.sagaId, (flow) => flow.applyOutcome(outcome));
  }
}
