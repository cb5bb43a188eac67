import { Injectable } from '@nestjs/common';
import { type EntityManager, In } from 'typeorm';
import { type EntityTable, EntityTables } from '../../infra/database/entity-table.js';
import { UnitOfWork } from '../../infra/database/unit-of-work.js';
import { WebhookOutbox } from '../webhooks/webhook-outbox.js';
import { type SagaEvent, storedType } from './saga-event.js';
import { SagaHistory } from './saga-history.entity.js';
import { SagaInstance } from './saga-instance.entity.js';
import { SagaStep } from './saga-step.entity.js';

/** A saga as stored: its row, its steps in order and its history in order. */
export interface StoredSaga {
  saga: SagaInstance;
  steps: SagaStep[];
  history: SagaHistory[];
}

/**
 * Loads and saves a saga with its steps and history, inside the caller's transaction. Every
 * decision of every saga passes through here, so it uses the lean EntityTable path.
 */
@Injectable()
export class SagaStore {
  private readonly sagas: EntityTable<SagaInstance>;
  private readonly steps: EntityTable<SagaStep>;
  private readonly history: EntityTable<SagaHistory>;

  constructor(
    private readonly uow: UnitOfWork,
    tables: EntityTables,
    private readonly outbox: WebhookOutbox,
  ) {
    this.sagas = tables.of(SagaInstance);
    this.steps = tables.of(SagaStep);
    this.history = tables.of(SagaHistory);
  }

  /**
   * The saga and its steps, locked against concurrent writers on PostgreSQL (SQLite transactions
   * are serialized already). With `skipLocked`, a saga another instance is working on counts as
   * absent, so schedulers on several instances never wait on each other.
   *
   * Two statements, the saga's and its steps', sent together. On PostgreSQL the second must not
   * be a join with the first: a statement that waited for the saga's lock returns the saga as the
   * transaction it waited for left it, but the rows it joined (the steps, not locked) as its
   * snapshot saw them before, so a decision would be taken on stale steps. The steps' own
   * statement, sent right behind the first without waiting for its answer (the connection is
   * pipelined), is run by the server only once the first is done, its snapshot taken under the
   * lock. On SQLite (transactions serialized already) a join was tried and cost more: its rows
   * repeat the saga's 22 columns for every step, 30 µs per load against 20 for the two statements
   * (measured alone on a bench run's database).
   */
  async load(manager: EntityManager, sagaId: string, options: { skipLocked?: boolean } = {}): Promise<{ saga: SagaInstance; steps: SagaStep[] } | null> {
    const lock = !this.uow.isPostgres ? undefined : options.skipLocked ? 'FOR UPDATE SKIP LOCKED' : 'FOR UPDATE';
    const [[saga], steps] = await Promise.all([
      this.sagas.select(manager, ['id'], [sagaId], { suffix: lock }),
      this.steps.select(manager, ['sagaId'], [sagaId], { orderBy: 'position' }),
    ]);
    return saga ? { saga, steps } : null;
  }

  async insert(manager: EntityManager, saga: SagaInstance, steps: SagaStep[], history: SagaEvent[], now: number): Promise<StoredSaga> {
    // From 0 every time: a transaction may run again after a rollback (TransactionBatcher).
    saga.historySeq = 0;
    const rows = this.numberHistory(saga, history, now);
    await this.sagas.insert(manager, [saga]);
    await this.steps.insert(manager, steps);
    await this.history.insert(manager, rows);
    await this.outbox.record(manager, saga.type, rows);
    return { saga, steps, history: rows };
  }

  /** Writes what a decision changed: the saga's changed columns, the steps that changed, the new history. */
  async update(manager: EntityManager, saga: SagaInstance, steps: SagaStep[], history: SagaEvent[], now: number): Promise<void> {
    await this.appendHistory(manager, saga, history, now);
    saga.updatedAt = now;
    await this.sagas.update(manager, saga, ['id']);
    for (const step of steps) await this.steps.update(manager, step, ['sagaId', 'position']);
  }

  /**
   * Appends entries after the saga's newest one, with the webhook events they cause (same
   * transaction: the outbox); the caller saves the saga's new historySeq.
   */
  async appendHistory(manager: EntityManager, saga: SagaInstance, entries: SagaEvent[], now: number): Promise<void> {
    const rows = this.numberHistory(saga, entries, now);
    await this.history.insert(manager, rows);
    await this.outbox.record(manager, saga.type, rows);
  }

  /** Frees semantic locks that finished sagas still hold (see SagaDefinition.releasesOnCompletion). */
  async releaseLocks(manager: EntityManager, lockKeys: string[]): Promise<void> {
    if (lockKeys.length > 0) await manager.update(SagaInstance, { lockKey: In(lockKeys) }, { lockKey: null });
  }

  /** The saga row alone, or null. */
  async find(manager: EntityManager, sagaId: string): Promise<SagaInstance | null> {
    return this.sagas.findOne(manager, ['id'], [sagaId]);
  }

  /** A saga with its steps and history, for the saga view: three statements sent together, run in that order. */
  async findWithHistory(manager: EntityManager, sagaId: string): Promise<StoredSaga | null> {
    const [saga, steps, history] = await Promise.all([
      this.find(manager, sagaId),
      this.steps.select(manager, ['sagaId'], [sagaId], { orderBy: 'position' }),
      this.history.select(manager, ['sagaId'], [sagaId], { orderBy: 'seq' }),
    ]);
    return saga ? { saga, steps, history } : null;
  }

  async findByIdempotencyKey(manager: EntityManager, idempotencyKey: string): Promise<SagaInstance | null> {
    return this.sagas.findOne(manager, ['idempotencyKey'], [idempotencyKey]);
  }

  private numberHistory(saga: SagaInstance, entries: SagaEvent[], now: number): SagaHistory[] {
    return entries.map((entry) => ({ sagaId: saga.id, seq: ++saga.historySeq, at: now, type: storedType(entry), step: entry.step, data: entry.data }));
  }
}
