import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Runs work in one database transaction.
 *
 * A TypeORM SQLite DataSource has a single connection: two overlapping transactions silently
 * nest as savepoints and one's rollback can discard the other's "committed" rows
 * (FINDINGS.md). So on SQLite every top-level transaction waits its turn in one FIFO queue,
 * and reads take the same queue so they never see another flow's uncommitted rows. Work that
 * is already inside a transaction joins it (AsyncLocalStorage) instead of queueing behind
 * itself, which would deadlock. PostgreSQL has a real pool and needs none of this.
 *
 * Hand-written because no library serialises SQLite transactions: @nestjs-cls/transactional
 * propagates a transaction but leaves concurrent ones to the driver.
 */
@Injectable()
export class UnitOfWork {
  private readonly current = new AsyncLocalStorage<EntityManager>();
  private queueTail: Promise<unknown> = Promise.resolve();
  private readonly serialize: boolean;

  constructor(private readonly dataSource: DataSource) {
    this.serialize = dataSource.options.type === 'better-sqlite3';
  }

  get isPostgres(): boolean {
    return this.dataSource.options.type === 'postgres';
  }

  /** Runs `work` in a transaction, or in the caller's transaction when there is one. */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const outer = this.current.getStore();
    if (outer) return work(outer);
    const run = () => this.dataSource.transaction((manager) => this.current.run(manager, () => work(manager)));
    return this.serialize ? this.enqueue(run) : run();
  }

  /** Runs read-only work against committed data. */
  read<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const outer = this.current.getStore();
    if (outer) return work(outer);
    const run = () => work(this.dataSource.manager);
    return this.serialize ? this.enqueue(run) : run();
  }

  private enqueue<T>(run: () => Promise<T>): Promise<T> {
    const result = this.queueTail.then(run);
    this.queueTail = result.catch(() => undefined);
    return result;
  }
}
