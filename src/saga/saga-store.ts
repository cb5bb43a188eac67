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
    return { saga, steps };
  }

  async insert(manager: EntityManager, saga: Saga, steps: SagaStep[], history: HistoryEntry[], now: number): Promise<void> {
    await manager.insert(Saga, saga);
    await manager.insert(SagaStep, steps as QueryDeepPartialEntity<SagaStep>[]);
    await this.appendHistory(manager, saga, history, now);
    await manager.update(Saga, { id: saga.id }, { historySeq: saga.historySeq });
  }

  async update(manager: EntityManager, saga: Saga, steps: SagaStep[], history: HistoryEntry[], now: number): Promise<void> {
    await this.appendHistory(manager, saga, history, now);
    saga.updatedAt = now;
    await manager.save(Saga, saga);
    await manager.save(SagaStep, steps);
  }

  /** Appends entries after the saga's newest one; the caller saves the saga's new historySeq. */
  async appendHistory(manager: EntityManager, saga: Saga, entries: HistoryEntry[], now: number): Promise<void> {
    if (entries.length === 0) return;
    const rows = entries.map((entry) => ({ sagaId: saga.id, seq: ++saga.historySeq, at: now, ...entry }));
    await manager.insert(SagaHistory, rows as QueryDeepPartialEntity<SagaHistory>[]);
  }
}
