import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { TransactionBatcher } from './transaction-batcher.js';

const MAX_BATCH = 256;
const STALL_AFTER_MS = 5_000;

/**
 * Runs work in a database transaction, and reads against committed data.
 *
 * A TypeORM SQLite DataSource has a single connection: two overlapping transactions silently
 * nest as savepoints and one's rollback can discard the other's "committed" rows
 * (FINDINGS.md). So on SQLite every transaction goes through one FIFO queue, which also group
 * commits (TransactionBatcher). Reads use a second, read-only
 * connection: in WAL mode it sees the last committed state and never waits for writers, and it
 * cannot see a batch that is still open. PostgreSQL has a real pool and needs none of this.
 *
 * Transactions do not nest: code running inside one is handed its EntityManager and uses that
 * (the stores all take one). Calling `transaction` or `read` from inside a transaction's work
 * would, on SQLite, wait for a batch that waits for it. Finding the caller's transaction
 * implicitly would take an AsyncLocalStorage, and on Node 20 a single one in use puts a hook on
 * every promise the process creates: measured at 8 % of the service's throughput.
 *
 * Hand-written because no library serialises SQLite transactions: @nestjs-cls/transactional
 * propagates a transaction but leaves concurrent ones to the driver.
 */
@Injectable()
export class UnitOfWork implements OnApplicationShutdown {
  private readonly writes: TransactionBatcher | null = null;
  private readonly reads: TransactionBatcher | null = null;
  private reader: Promise<DataSource> | null = null;

  constructor(private readonly dataSource: DataSource) {
    if (dataSource.options.type !== 'better-sqlite3') return;
    const logger = new Logger(UnitOfWork.name);
    const batches = (queue: string) => ({
      maxBatch: MAX_BATCH,
      stallAfterMs: STALL_AFTER_MS,
      onStall: (ms: number) => logger.error(`A ${queue} transaction has been open for ${ms} ms; is a transaction being opened from inside another?`),
    });
    this.writes = new TransactionBatcher((work) => dataSource.transaction(work), batches('write'));
    if (dataSource.options.database === ':memory:') {
      // An in-memory database exists only on its one connection: reads take the write queue.
      this.reads = this.writes;
      return;
    }
    const reader = new DataSource({ ...dataSource.options, readonly: true, enableWAL: false, migrations: [] }).initialize();
    this.reader = reader;
    this.reads = new TransactionBatcher(async (work) => (await reader).transaction(work), batches('read'));
  }

  get isPostgres(): boolean {
    return this.dataSource.options.type === 'postgres';
  }

  /** Runs `work` in a transaction of its own (never from inside another: see above). */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.writes) return this.writes.run(work);
    return this.dataSource.transaction(work);
  }

  /** Runs read-only work against committed data (one consistent snapshot on SQLite). */
  read<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.reads) return this.reads.run(work);
    return work(this.dataSource.manager);
  }

  async onApplicationShutdown(): Promise<void> {
    const reader = await this.reader?.catch(() => null);
    if (reader?.isInitialized) await reader.destroy();
  }
}
