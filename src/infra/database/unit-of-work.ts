import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource, type EntityManager, QueryFailedError } from 'typeorm';
import type { DatabaseFile } from './database-file.js';
import { DatabaseUnavailableError, isDatabaseFailure } from './database-unavailable.error.js';
import { databaseFileOf } from './open-database.js';
import { type PipelineKind, PipelinedTransaction } from './pg-pipelined-transaction.js';
import { isIdle, rollBackToIdle, sqliteConnection } from './sqlite-connection.js';
import { TransactionBatcher } from './transaction-batcher.js';
import { WalCheckpointer } from './wal-checkpointer.js';

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
 * cannot see a batch that is still open.
 *
 * PostgreSQL has a real pool and needs no queue for correctness, but its writes take one too,
 * for speed: a batch of jobs in one transaction shares its BEGIN and COMMIT (measured with 64
 * concurrent registrations: about a fifth less CPU per saga than a pooled transaction per job),
 * its jobs of different sagas run side by side, and their statements stream down the one
 * pipelined connection without waiting for each other's answers (PipelinedTransaction). One
 * queue, not several: with five, batches of one
 * instance waited on each other's row locks and deadlocked (13-27 sagas/s against 48-79 with one).
 * So a transaction must not wait on anything but the database, as on SQLite. Reads take a
 * queue of their own, batches of them pipelined on one connection (`read`), and long ones the
 * pool (`readApart`; `transactionApart` for the webhook worker's writes). A batch that loses a
 * deadlock to another instance's runs again, halved (TransactionBatcher).
 *
 * Transactions do not nest: code running inside one is handed its EntityManager and uses that
 * (the stores all take one). Calling `transaction` (or, on SQLite, `read`) from inside a
 * transaction's work would wait for a batch that waits for it. Finding the caller's transaction
 * implicitly would take an AsyncLocalStorage, and on Node 20 a single one in use puts a hook on
 * every promise the process creates: measured at 8 % of the service's throughput.
 *
 * When the database fails (a COMMIT that cannot be written, a full disk, a lost PostgreSQL
 * connection, a SQLite file removed under the process), `transaction` rejects with
 * DatabaseUnavailableError (503 `DATABASE.UNAVAILABLE`) and nothing of the work was written.
 *
 * Hand-written because no library serialises SQLite transactions: @nestjs-cls/transactional
 * propagates a transaction but leaves concurrent ones to the driver.
 */
@Injectable()
export class UnitOfWork implements OnApplicationShutdown {
  private readonly writes: TransactionBatcher | null = null;
  private readonly file: DatabaseFile | null = null;
  private readonly reads: TransactionBatcher | null = null;
  private reader: Promise<DataSource> | null = null;
  /** Checkpoints the SQLite file's WAL off this thread (WalCheckpointer). */
  readonly checkpointer: WalCheckpointer | null = null;

  constructor(private readonly dataSource: DataSource) {
    const logger = new Logger(UnitOfWork.name);
    const batches = (queue: string) => ({
      maxBatch: MAX_BATCH,
      stallAfterMs: STALL_AFTER_MS,
      onStall: (ms: number) => logger.error(`A ${queue} transaction has been open for ${ms} ms; is a transaction being opened from inside another, or waiting for a row lock?`),
    });
    if (dataSource.options.type === 'postgres') {
      this.writes = new TransactionBatcher((work) => this.poolTransaction(work), {
        ...batches('write'),
        settleJob: (manager) => PipelinedTransaction.of(manager)?.flush() ?? Promise.resolve(),
        isConflict,
        sideBySide: 'keyed',
      });
      // Reads pipelined too, side by side on one connection: a read through the pool cost a
      // checkout, a release and a socket write waking a backend of its own, each. No transaction
      // block: each statement stands alone, and so does its failure (each job its own outcome).
      this.reads = new TransactionBatcher((work) => this.poolTransaction(work, 'read'), { ...batches('read'), sideBySide: 'apart' });
      return;
    }
    if (dataSource.options.type !== 'better-sqlite3') return;
    this.file = databaseFileOf(dataSource);
    this.writes = new TransactionBatcher((work) => this.sqliteTransaction(dataSource, work, this.file), batches('write'));
    if (dataSource.options.database === ':memory:') {
      // An in-memory database exists only on its one connection: reads take the write queue.
      this.reads = this.writes;
      return;
    }
    if (this.file) {
      this.checkpointer = WalCheckpointer.start(sqliteConnection(dataSource), this.file.path, (reason) =>
        logger.warn(`SQLite checkpoints the WAL on the main thread again: ${reason}`),
      );
    }
    const reader = new DataSource({ ...dataSource.options, readonly: true, enableWAL: false, migrations: [] }).initialize();
    this.reader = reader;
    this.reads = new TransactionBatcher(async (work) => this.sqliteTransaction(await reader, work, null), batches('read'));
  }

  get isPostgres(): boolean {
    return this.dataSource.options.type === 'postgres';
  }

  /**
   * Runs `work` in a transaction of its own (never from inside another: see above). Resolves
   * once it has committed; rejects with DatabaseUnavailableError when the database could not
   * commit it (nothing of it was written).
   *
   * `key` names what the work reads to decide what it writes, a saga's id: on PostgreSQL the
   * batch's jobs of different keys run side by side, their statements interleaved on the one
   * pipelined connection (TransactionBatcher.run says what a keyed job may touch). Without a key the work runs alone.
   */
  transaction<T>(work: (manager: EntityManager) => Promise<T>, key?: string): Promise<T> {
    if (this.writes) return this.writes.run(work, key);
    return this.poolTransaction(work);
  }

  /**
   * `transaction` for work whose statements may take long and that touches only rows no batched
   * job writes (the webhook outbox's leases): on PostgreSQL a transaction on a pooled connection
   * of its own, committed apart, so it never holds up a batch of the sagas' jobs, which commit
   * only once their slowest statement is answered. On SQLite the same as `transaction` (one
   * writer: every write transaction takes the one queue).
   */
  transactionApart<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.isPostgres) return this.poolTransaction(work);
    return this.transaction(work);
  }

  /**
   * A transaction on a pooled connection (PostgreSQL) whose statements are pipelined
   * (PipelinedTransaction: the statements wait for BEGIN's answer, writes are not waited for);
   * of `kind` `read`, the same connection without a transaction block, for a batch of reads. A
   * connection whose BEGIN fails on the connection itself is replaced and the work run again
   * there: none of it was sent, so nothing of it can have committed, and after the server
   * dropped connections (a restart, pg_terminate_backend) the pool can still hold idle clients
   * whose end it has not seen. Running again is what
   * TransactionBatcher already asks of every job (it may only change the database and objects
   * it creates itself). Any later failure rejects with DatabaseUnavailableError, never retried.
   */
  private async poolTransaction<T>(work: (manager: EntityManager) => Promise<T>, kind: PipelineKind = 'write'): Promise<T> {
    const attempts = ((this.dataSource.options as { poolSize?: number }).poolSize ?? 10) + 1;
    for (let attempt = 1; ; attempt++) {
      const runner = this.dataSource.createQueryRunner();
      let transaction: PipelinedTransaction;
      try {
        transaction = await PipelinedTransaction.open(runner, kind);
      } catch (error) {
        await runner.release().catch(() => undefined);
        if (attempt < attempts && isDatabaseFailure(error)) continue;
        throw asUnavailable(error);
      }
      try {
        const result = await work(runner.manager);
        await transaction.commit(runner);
        return result;
      } catch (error) {
        await transaction.rollback(runner).catch(() => undefined);
        if (attempt < attempts && transaction.failedAtBegin) continue;
        throw asUnavailable(error);
      } finally {
        await runner.release().catch(() => undefined);
      }
    }
  }

  /**
   * A write that commits through the same path as every other (for /health): on SQLite it
   * changes the header's `user_version`, free for applications, so no table is needed; on
   * PostgreSQL it takes a transaction id, which makes the commit write and flush a WAL record.
   */
  async probeWrite(): Promise<void> {
    await this.transaction(async (manager) => {
      if (this.isPostgres) {
        await manager.query('SELECT txid_current()');
        return;
      }
      const [{ user_version: version }] = (await manager.query('PRAGMA user_version')) as Array<{ user_version: number }>;
      await manager.query(`PRAGMA user_version = ${(version + 1) % 0x7fffffff}`);
    });
  }

  /** Why the SQLite file is no longer the one opened (removed, replaced), or null. */
  fileProblem(): string | null {
    return this.file?.problem() ?? null;
  }

  /**
   * Runs read-only work against committed data: one consistent snapshot on SQLite; on
   * PostgreSQL, side by side with the other reads of its batch on one pipelined connection,
   * each statement seeing what was committed when it ran. For short reads: a batch ends with
   * its slowest read, and the reads queued behind wait for it.
   */
  read<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.reads) return this.reads.run(work);
    return work(this.dataSource.manager);
  }

  /**
   * `read` for work that may take long (a count over every saga, a search, a page of a list):
   * on PostgreSQL on a pooled connection of its own, so it never holds up the short reads of
   * the sagas' steps. On SQLite the same as `read`.
   */
  readApart<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.isPostgres) return work(this.dataSource.manager);
    return this.read(work);
  }

  /**
   * One SQLite batch's transaction on `dataSource` (the writer's or the reader's). A commit that
   * failed must not leave the connection inside a transaction (sqlite-connection.ts): the state
   * is checked before each batch and repaired after any failure, and a batch is refused while
   * the repair itself fails. A write batch checks, before COMMIT, that the file is still the one
   * at DATABASE_URL: a commit into a deleted file would be acknowledged and then lost.
   */
  private async sqliteTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>, file: DatabaseFile | null): Promise<T> {
    if (!isIdle(dataSource)) repair(dataSource);
    try {
      if (!file) return await dataSource.transaction(work);
      return await dataSource.transaction(async (manager) => {
        const result = await work(manager);
        file.assertInPlace();
        return result;
      });
    } catch (error) {
      if (!isIdle(dataSource)) {
        try {
          repair(dataSource);
        } catch {
          // Still failing: the next batch tries again before it begins.
        }
      }
      throw error;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.checkpointer?.stop();
    const reader = await this.reader?.catch(() => null);
    if (reader?.isInitialized) await reader.destroy();
  }
}

/** A database failure as DatabaseUnavailableError, anything else as it is. */
function asUnavailable(error: unknown): unknown {
  return isDatabaseFailure(error) ? DatabaseUnavailableError.of(error) : error;
}

/** PostgreSQL's deadlock_detected and serialization_failure: the transaction lost to another and may run again. */
function isConflict(error: unknown): boolean {
  const code = (error instanceof QueryFailedError ? (error.driverError as { code?: string }) : (error as { code?: string } | null))?.code;
  return code === '40P01' || code === '40001';
}

/** rollBackToIdle, its failure as DatabaseUnavailableError (the disk is still failing). */
function repair(dataSource: DataSource): void {
  try {
    rollBackToIdle(dataSource);
  } catch (error) {
    throw new DatabaseUnavailableError(error);
  }
}
