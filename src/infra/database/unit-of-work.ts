import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { TransactionBatcher } from './transaction-batcher.js';

const MAX_BATCH = 256;

/**
 * Runs work in a database transaction, and reads against committed data.
 *
 * A TypeORM SQLite DataSource has a single connection: two overlapping transactions silently
 * nest as savepoints and one's rollback can discard the other's "committed" rows
 * (FINDINGS.md). So on SQLite every transaction goes through one FIFO queue, which also group
 * commits (TransactionBatcher); work already inside a transaction joins it (AsyncLocalStorage)
 * instead of queueing behind itself, which would deadlock. Reads use a second, read-only
 * connection: in WAL mode it sees the last committed state and never waits for writers, and it
 * cannot see a batch that is still open. PostgreSQL has a real pool and needs none of this.
 *
 * Hand-written because no library serialises SQLite transactions: @nestjs-cls/transactional
 * propagates a transaction but leaves concurrent ones to the driver.
 */
@Injectable()
export class UnitOfWork implements OnApplicationShutdown {
  private readonly current = new AsyncLocalStorage<EntityManager>();
  private readonly writes: TransactionBatcher | null = null;
  private readonly reads: TransactionBatcher | null = null;
  private reader: Promise<DataSource> | null = null;

  constructor(private readonly dataSource: DataSource) {
    if (dataSource.options.type !== 'better-sqlite3') return;
    this.writes = new TransactionBatcher((work) => dataSource.transaction(work), this.current, { maxBatch: MAX_BATCH });
    if (dataSource.options.database === ':memory:') {
      // An in-memory database exists only on its one connection: reads take the write queue.
      this.reads = this.writes;
      return;
    }
    const reader = new DataSource({ ...dataSource.options, readonly: true, enableWAL: false, migrations: [] }).initialize();
    this.reader = reader;
    this.reads = new TransactionBatcher(async (work) => (await reader).transaction(work), this.current, { maxBatch: MAX_BATCH });
  }

  get isPostgres(): boolean {
    return this.dataSource.options.type === 'postgres';
  }

  /** Runs `work` in a transaction, or in the caller's transaction when there is one. */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const outer = this.current.getStore();
    if (outer) return work(outer);
    if (this.writes) return this.writes.run(work);
    return this.dataSource.transaction((manager) => this.current.run(manager, () => work(manager)));
  }

  /** Runs read-only work against committed data (one consistent snapshot on SQLite). */
  read<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const outer = this.current.getStore();
    if (outer) return work(outer);
    if (this.reads) return this.reads.run(work);
    return work(this.dataSource.manager);
  }

  async onApplicationShutdown(): Promise<void> {
    const reader = await this.reader?.catch(() => null);
    if (reader?.isInitialized) await reader.destroy();
  }
}
