import { Injectable, Logger } from '@nestjs/common';
import { EventBus, type IEvent } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import { UnitOfWork } from '../database/unit-of-work.js';
import { errorMessage } from '../error-message.js';
import type { StepCorrelation } from './step-correlation.js';

/** What `commit` resolves to: the answer went out with its commit; there is nothing left to publish. */
export const ANSWERED = Symbol('answered with its commit');

/** An event that answers a command carrying a StepCorrelation. */
export type CorrelatedAnswer = IEvent & { readonly correlation: StepCorrelation };

/**
 * Whoever consumes answers (the saga engine) records one inside the transaction it is handed,
 * and returns what to do once that transaction has committed (announce its decision), or null
 * when it did not record it (the answer then reaches it from the bus, as any other).
 *
 * `prepare` starts, before the module's work runs, what recording an answer of that saga will
 * read (the saga, locked), and `record` is handed it: on a pipelined connection the saga's load
 * then travels with the work's own reads, one round trip for both instead of one after the other.
 */
export interface AnswerRecorder {
  prepare(manager: EntityManager, sagaId: string): Promise<unknown>;
  record(manager: EntityManager, answer: CorrelatedAnswer, prepared: Promise<unknown>): Promise<(() => void) | null>;
}

/**
 * How a module handler answers a command of a saga step. `commit` runs the handler's write and,
 * in the same transaction, the engine's record of the answer it returns and the decision that
 * follows, so a step costs one committed transaction instead of two (the module's, then the
 * engine's). Modules import nothing from the saga module: the engine registers its recorder here.
 *
 * The answer is published on the bus after the commit either way: other listeners hear it, and
 * the engine's own stream skips what was recorded already (`wasRecorded`). An answer decided
 * without a write of the module's own (a replay, a failure before any write, a provider's
 * error) is `publish`ed, and the engine records it from the bus in a transaction of its own.
 */
@Injectable()
export class StepAnswers {
  private readonly logger = new Logger(StepAnswers.name);
  private recorder: AnswerRecorder | null = null;
  /** Answers recorded in their module's transaction, for the engine's stream to skip. */
  private readonly recorded = new WeakSet<object>();

  constructor(
    private readonly uow: UnitOfWork,
    private readonly events: EventBus,
  ) {}

  /** Called once by the engine at start-up. */
  recordWith(recorder: AnswerRecorder): void {
    this.recorder = recorder;
  }

  /**
   * Runs `work` (the module's write, returning the answer) in one transaction with the engine's
   * record of that answer, then publishes it. Rejects when the transaction did not commit:
   * nothing of the work was written and nothing was published, so the caller answers with its
   * failure (or whatever its catch decides) through `publish`. Once committed it never rejects.
   *
   * `work` may run more than once (a SQLite batch is replayed around a failing job), like any
   * transaction's work: it must be safe to run again. It runs keyed by `sagaId`, the saga the
   * answer is for (UnitOfWork.transaction): it may read-and-write that saga's rows and the
   * module's rows of that saga only.
   */
  async commit(sagaId: string, work: (manager: EntityManager) => Promise<CorrelatedAnswer>): Promise<typeof ANSWERED> {
    const recorder = this.recorder;
    const { answer, announce } = await this.uow.transaction(async (manager) => {
      const prepared = recorder?.prepare(manager, sagaId);
      let answer: CorrelatedAnswer;
      try {
        answer = await work(manager);
      } catch (error) {
        // Nothing of the job may still be running when its transaction ends (TransactionBatcher).
        await prepared?.catch(() => undefined);
        throw error;
      }
      if (answer.correlation.sagaId !== sagaId) {
        await prepared?.catch(() => undefined);
        throw new Error(`StepAnswers.commit keyed by saga ${sagaId} answered for saga ${answer.correlation.sagaId}`);
      }
      return { answer, announce: recorder && prepared ? await recorder.record(manager, answer, prepared) : null };
    }, sagaId);
    if (announce) this.recorded.add(answer);
    this.afterCommit(answer, announce);
    return ANSWERED;
  }

  /**
   * Publishes a committed answer, then lets the engine announce its decision. A process that dies
   * before this (the crash tests stub it to stand for that) loses nothing: the saga's rows say
   * what comes next, and the scheduler sends it (at start-up on SQLite, by lease on PostgreSQL).
   */
  protected afterCommit(answer: CorrelatedAnswer, announce: (() => void) | null): void {
    try {
      this.events.publish(answer);
      announce?.();
    } catch (error) {
      this.logger.error(`After committing ${answer.constructor.name} for saga ${answer.correlation.sagaId}: ${errorMessage(error)}`);
    }
  }

  /** An answer without a write of the module's own: the engine records it from the bus. */
  publish(answer: CorrelatedAnswer): void {
    this.events.publish(answer);
  }

  /** True for an answer whose record committed with the module's write (the bus must not record it again). */
  wasRecorded(answer: object): boolean {
    return this.recorded.has(answer);
  }
}
