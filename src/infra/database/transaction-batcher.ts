import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import { type EntityManager, QueryFailedError } from 'typeorm';
import { DatabaseUnavailableError, isDatabaseFailure } from './database-unavailable.error.js';

type Work<T> = (manager: EntityManager) => Promise<T>;

/** Opens a transaction on the connection the batches run on (DataSource.transaction). */
export type OpenTransaction = <T>(work: Work<T>) => Promise<T>;

interface Job {
  work: Work<unknown>;
  /** What the job reads to decide its writes (a saga's id): jobs of one key never run side by side. */
  key: string | undefined;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** A batch's transaction stopped at job `index`, which threw `error`; it rolled back. */
class JobFailed {
  constructor(
    readonly index: number,
    readonly error: unknown,
  ) {}
}

/**
 * Each job runs in its caller's trace context, not in that of the job that started the batch: a
 * trace shows a step's statements under the step's span (tracing on). Only the OpenTelemetry
 * context is carried: with tracing off it is always the root, and nothing is wrapped
 * (AsyncResource.bind cost about 4 % of the thread, mostly in its deprecation wrappers).
 */
function inCallersTrace<T>(work: Work<T>): Work<T> {
  const callers = context.active();
  return callers === ROOT_CONTEXT ? work : (manager) => context.with(callers, work, undefined, manager);
}

/** How often a job whose transaction lost a deadlock (or a serialization conflict) runs again. */
const CONFLICT_RETRIES = 5;

export interface BatcherOptions {
  maxBatch: number;
  stallAfterMs: number;
  onStall: (ms: number) => void;
  /**
   * For a connection whose writes are not waited for (PostgreSQL's PipelinedTransaction):
   * waits for what the job sent, so that a failure is the job's. Only called after a batch
   * failed: a write one job did not wait for fails at another job's statement or at COMMIT, so
   * the batch runs again settling each job, to find whose it was.
   */
  settleJob?: (manager: EntityManager) => Promise<void>;
  /** Whether an error means the transaction lost a conflict with another (a deadlock): run it again. */
  isConflict?: (error: unknown) => boolean;
  /**
   * Runs a batch's jobs side by side, so that a pipelined connection (PipelinedTransaction)
   * always has their statements to work on: `keyed`, those of different keys (see `run`);
   * `apart`, every job, each settling alone with its own outcome, for reads outside a
   * transaction block (nothing of one depends on another, so a failure is rerun for nobody).
   */
  sideBySide?: 'keyed' | 'apart';
}

/**
 * Group commit: jobs queue FIFO, and whatever has
 * queued while one batch runs goes into the next batch, in one transaction. Under load that
 * turns hundreds of small commits into a few large ones; when idle a batch is one job.
 *
 * Each job keeps its own atomicity without a savepoint per job (two statements each, a third
 * of all statements under load when they were there): the batch runs optimistically, and when
 * a job throws, the transaction rolls back and the batch is split around it — the jobs before
 * it run again as a batch, the failing job alone in its own transaction (whose outcome is its
 * answer), the rest as a batch. So a job must be safe to run again after a rollback: it may
 * only change the database and objects it creates itself. And nothing is acknowledged early:
 * every job's promise settles only after its transaction has committed, so no caller publishes
 * an event or answers a request for a write that a crash could still take back. When the
 * database itself fails (BEGIN or COMMIT throws, or a job meets a disk or connection error),
 * every job of the batch is rejected with one DatabaseUnavailableError: none of it was written.
 *
 * On PostgreSQL (with `settleJob`), a COMMIT can also fail on a write a job did not wait for, and a batch
 * can lose a deadlock against another instance's: the first is found and split off like a job
 * that threw, the second halves the batch and runs it again, so no job is lost to either.
 */
export class TransactionBatcher {
  private readonly waiting: Job[] = [];
  private flushing = false;

  /**
   * `onStall` is told when one batch has run for `stallAfterMs`. Jobs only talk to the local
   * database, so that never happens unless a job waits for something that cannot come: most
   * likely a transaction opened from inside another, which waits for the batch it is part of.
   * Every write of the process waits behind it, so it is worth a loud line.
   */
  constructor(
    private readonly openTransaction: OpenTransaction,
    private readonly options: BatcherOptions,
  ) {}


  /**
   * Runs `work` in the next batch's transaction. With `sideBySide: 'keyed'`, jobs that name a `key` run
   * concurrently with the batch's other jobs of other keys (in one transaction, with nothing to
   * keep them apart but the key): a job keyed by a saga's id must read-and-write only that saga's
   * rows, and touch anything shared only by statements that are atomic alone (a conditional
   * UPDATE, an upsert). A job without a key runs alone, between the others, as every job does
   * without `sideBySide`.
   */
  run<T>(work: Work<T>, key?: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ work: inCallersTrace(work), key, resolve: resolve as (value: unknown) => void, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.waiting.length > 0) {
        const watchdog = setTimeout(() => this.options.onStall(this.options.stallAfterMs), this.options.stallAfterMs).unref();
        await this.runBatch(this.waiting.splice(0, this.options.maxBatch));
        clearTimeout(watchdog);
        // better-sqlite3 answers synchronously, so batch after batch would be one long chain of
        // microtasks that starves the event loop: yield, so sockets are read between batches.
        if (this.waiting.length > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      this.flushing = false;
    }
  }

  /**
   * Runs `batch` in one transaction. `settling`: each job's writes are answered before the
   * next job starts (see BatcherOptions.settleJob); `conflicts`: deadlocks this one job lost so far.
   */
  private async runBatch(batch: Job[], settling = false, conflicts = 0): Promise<void> {
    if (batch.length === 0) return;
    if (this.options.sideBySide === 'apart') return this.runApart(batch);
    const settle = settling ? this.options.settleJob : undefined;
    let values: unknown[];
    try {
      values = await this.openTransaction(async (manager) => {
        if (this.options.sideBySide && !settling) return runSideBySide(batch, manager);
        const results: unknown[] = [];
        for (const [index, job] of batch.entries()) {
          try {
            results.push(await job.work(manager));
            await settle?.(manager);
          } catch (error) {
            throw new JobFailed(index, error);
          }
        }
        return results;
      });
    } catch (failure) {
      await this.afterFailure(batch, failure, settling, conflicts);
      return;
    }
    batch.forEach((job, i) => job.resolve(values[i]));
  }

  /** Every job of the batch side by side on one connection, each resolved or rejected on its own. */
  private async runApart(batch: Job[]): Promise<void> {
    let outcomes: PromiseSettledResult<unknown>[];
    try {
      outcomes = await this.openTransaction((manager) => Promise.allSettled(batch.map(async (job) => job.work(manager))));
    } catch (error) {
      const unavailable = isDatabaseFailure(error) ? DatabaseUnavailableError.of(error) : error;
      for (const job of batch) job.reject(unavailable);
      return;
    }
    outcomes.forEach((outcome, i) => (outcome.status === 'fulfilled' ? batch[i].resolve(outcome.value) : batch[i].reject(outcome.reason)));
  }

  private async afterFailure(batch: Job[], failure: unknown, settling: boolean, conflicts: number): Promise<void> {
    const error = failure instanceof JobFailed ? failure.error : failure;
    if (isDatabaseFailure(error) || (!(failure instanceof JobFailed) && !this.options.settleJob)) {
      // BEGIN or COMMIT failed, or the database did under a job (a disk I/O error, a full
      // disk): nothing of the batch was written, and splitting it would only fail again.
      const unavailable = DatabaseUnavailableError.of(error);
      for (const job of batch) job.reject(unavailable);
    } else if (this.options.isConflict?.(error)) {
      if (batch.length > 1) {
        const half = Math.ceil(batch.length / 2);
        await this.runBatch(batch.slice(0, half), settling);
        await this.runBatch(batch.slice(half), settling);
      } else if (conflicts < CONFLICT_RETRIES) {
        await this.runBatch(batch, settling, conflicts + 1);
      } else {
        batch[0].reject(error);
      }
    } else if (batch.length === 1) {
      batch[0].reject(error);
    } else if (this.options.settleJob && !settling && (!(failure instanceof JobFailed) || error instanceof QueryFailedError)) {
      // A statement's failure may belong to a write an earlier job queued: find out whose.
      await this.runBatch(batch, true, conflicts);
    } else if (!(failure instanceof JobFailed)) {
      // Every job settled and COMMIT still failed (a deferred constraint): halve until alone.
      const half = Math.ceil(batch.length / 2);
      await this.runBatch(batch.slice(0, half), settling, conflicts);
      await this.runBatch(batch.slice(half), settling, conflicts);
    } else {
      await this.runBatch(batch.slice(0, failure.index), settling, conflicts);
      await this.runBatch([batch[failure.index]], settling, conflicts);
      await this.runBatch(batch.slice(failure.index + 1), settling, conflicts);
    }
  }
}

/**
 * Runs the batch's jobs in groups of distinct keys, each group's jobs side by side, the groups
 * in order (a job without a key, or with a key seen already in the group, begins a new one).
 * Every job of a group settles before the next group or the rollback: no statement of the batch
 * is left to run after its transaction ended. The failure reported is the first job's (a
 * statement PostgreSQL refused after another job's failed carries that failure: PipelinedTransaction).
 */
async function runSideBySide(batch: Job[], manager: EntityManager): Promise<unknown[]> {
  const results: unknown[] = [];
  let start = 0;
  while (start < batch.length) {
    const end = groupEnd(batch, start);
    // async: a job that throws before its first await rejects like any other, after the rest settle.
    const settled = await Promise.allSettled(batch.slice(start, end).map(async (job) => job.work(manager)));
    const failed = settled.findIndex((outcome) => outcome.status === 'rejected');
    if (failed >= 0) throw new JobFailed(start + failed, (settled[failed] as PromiseRejectedResult).reason);
    for (const outcome of settled) results.push((outcome as PromiseFulfilledResult<unknown>).value);
    start = end;
  }
  return results;
}

/** Where the group that begins at `start` ends: before the first job without a key, or with a key the group has. */
function groupEnd(batch: Job[], start: number): number {
  if (batch[start].key === undefined) return start + 1;
  const keys = new Set<string>();
  let end = start;
  while (end < batch.length && batch[end].key !== undefined && !keys.has(batch[end].key!)) keys.add(batch[end++].key!);
  return end;
}
