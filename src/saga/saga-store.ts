import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { UnitOfWork } from '../infra/database/unit-of-work.js';
import type { HistoryEntry } from './registration-flow.js';
import { Saga } from './saga.entity.js';
import { SagaHistory } from './saga-history.entity.js';
import { SagaStep } from './saga-step.entity.js';

/** Loads and saves a saga with its steps and history, inside the caller's transaction. */
@Injectable()
export class SagaStore {
  private readonly loadedAs = new WeakMap<SagaStep, string>();

  constructor(private readonly uow: UnitOfWork) {}

  /**
   * The saga and its steps, locked against concurrent writers on PostgreSQL (SQLite transactions
   * are serialized already). With `skipLocked`, a saga another instance is working on counts as
   * absent, so schedulers on several instances never wait on each other.
   */
  async load(manager: EntityManager, sagaId: string, options: { skipLocked?: boolean } = {}): Promise<{ saga: Saga; steps: SagaStep[] } | null> {
    const lock = { mode: 'pessimistic_write' as const, ...(options.skipLocked ? { onLocked: 'skip_locked' as const } : {}) };
    const saga = await manager.findOne(Saga, { where: { id: sagaId }, ...(this.uow.isPostgres ? { lock } : {}) });
    if (!saga) return null;
    const steps = await manager.find(SagaStep, { where: { sagaId }, order: { position: 'ASC' } });
    this.remember(steps);
    return { saga, steps };
  }

  async insert(manager: EntityManager, saga: Saga, steps: SagaStep[], history: HistoryEntry[], now: number): Promise<void> {
    const rows = this.numberHistory(saga, history, now);
    // updateEntity(false): TypeORM would otherwise read every inserted row back for its defaults.
    await manager.createQueryBuilder().insert().into(Saga).values(saga).updateEntity(false).execute();
    await manager.createQueryBuilder().insert().into(SagaStep).values(steps as QueryDeepPartialEntity<SagaStep>[]).updateEntity(false).execute();
    await this.insertHistory(manager, rows);
    this.remember(steps);
  }

  /** Writes what a decision changed: the saga row, the steps that changed, the new history. */
  async update(manager: EntityManager, saga: Saga, steps: SagaStep[], history: HistoryEntry[], now: number): Promise<void> {
    await this.appendHistory(manager, saga, history, now);
    saga.updatedAt = now;
    const { id, ...fields } = saga;
    await manager.update(Saga, { id }, fields);
    for (const step of steps) {
      if (this.loadedAs.get(step) === JSON.stringify(step)) continue;
      const { sagaId, position, ...stepFields } = step;
      await manager.update(SagaStep, { sagaId, position }, stepFields as QueryDeepPartialEntity<SagaStep>);
      this.remember([step]);
    }
  }

  /** Appends entries after the saga's newest one; the caller saves the saga's new historySeq. */
  async appendHistory(manager: EntityManager, saga: Saga, entries: HistoryEntry[], now: number): Promise<void> {
    await this.insertHistory(manager, this.numberHistory(saga, entries, now));
  }

  private numberHistory(saga: Saga, entries: HistoryEntry[], now: number): SagaHistory[] {
    return entries.map((entry) => ({ sagaId: saga.id, seq: ++saga.historySeq, at: now, ...entry }));
  }

  private async insertHistory(manager: EntityManager, rows: SagaHistory[]): Promise<void> {
    if (rows.length === 0) return;
    await manager.createQueryBuilder().insert().into(SagaHistory).values(rows as QueryDeepPartialEntity<SagaHistory>[]).updateEntity(false).execute();
  }

  /** What each step looked like when read, so `update` writes only the steps that changed. */
  private remember(steps: SagaStep[]): void {
    for (const step of steps) this.loadedAs.set(step, JSON.stringify(step));
  }
}
