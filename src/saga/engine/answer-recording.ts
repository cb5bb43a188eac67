import { Injectable, type OnApplicationBootstrap, type Type } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError } from '../../infra/domain-error.js';
import { type CorrelatedAnswer, StepAnswers } from '../../infra/messages/step-answers.js';
import { SagaRegistry } from './saga-registry.js';
import { SagaRunner } from './saga-runner.js';

/**
 * Records a module's answer in the module's own transaction (StepAnswers.commit): the saga is
 * loaded and locked there (its load sent as the transaction begins, beside the module's own
 * reads), the decider runs as it would on the answer from the bus, and the
 * decision (the next step's attempt and lease, or the end) commits with the module's write. A
 * late or duplicate answer is therefore recorded and ignored exactly as from the bus.
 *
 * What it does not record is left to the bus (RecordStepOutcome), which says why as before: an
 * answer class no definition lists, a saga that does not exist, or one blocked on its version.
 */
@Injectable()
export class AnswerRecording implements OnApplicationBootstrap {
  private answerClasses = new Set<Type<unknown>>();

  constructor(
    private readonly answers: StepAnswers,
    private readonly runner: SagaRunner,
    private readonly registry: SagaRegistry,
  ) {}

  /** At bootstrap, once every definition has registered (as the wiring's answer stream). */
  onApplicationBootstrap(): void {
    this.answerClasses = new Set(this.registry.answerEvents());
    this.answers.recordWith({
      prepare: (manager, sagaId) => this.runner.load(manager, sagaId),
      record: (manager, answer, prepared) => this.record(manager, answer, prepared as ReturnType<SagaRunner['load']>),
    });
  }

  private async record(manager: EntityManager, answer: CorrelatedAnswer, loaded: ReturnType<SagaRunner['load']>): Promise<(() => void) | null> {
    if (!this.answerClasses.has(answer.constructor as Type<unknown>)) {
      await loaded; // sent already: it ends with the job, and its failure is the transaction's
      return null;
    }
    try {
      const decision = await this.runner.decideWithin(manager, answer.correlation.sagaId, { type: 'Answer', event: answer }, { loaded });
      return decision ? () => this.runner.announce(decision) : null;
    } catch (error) {
      // Blocked on its version: nothing was written for the saga; the bus path logs it and leaves it to the deadline.
      if (error instanceof DomainError && error.code === 'SAGA.BLOCKED') return null;
      throw error;
    }
  }
}
