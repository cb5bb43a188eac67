import type { AsyncLocalStorage } from 'node:async_hooks';
import type { EntityManager } from 'typeorm';

type Work<T> = (manager: EntityManager) => Promise<T>;

/** Opens a transaction on the connection the batches run on (DataSource.transaction). */
export type OpenTransaction = <T>(work: Work<T>) => Promise<T>;

interface Job {
  work: Work<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Group commit for a single-connection database (SQLite): jobs queue FIFO, and whatever has
 * queued while one batch runs goes into the next batch, in one transaction. Under load that
 * turns hundreds of small commits into a few large ones; when idle a batch is one job.
 *
 * Each job keeps its own atomicity: in a batch of several, it runs inside a SAVEPOINT, so a
 * job that throws undoes only its own writes. And nothing is acknowledged early: every job's
 * promise settles only after the batch has committed, so no caller publishes an event or
 * answers a request for a write that a crash could still take back.
 */
export class TransactionBatcher {
  private readonly waiting: Job[] = [];
  private flushing = false;

  constructor(
    private readonly openTransaction: OpenTransaction,
    private readonly context: AsyncLocalStorage<EntityManager>,
    private readonly options: { isolateJobs: boolean; maxBatch: number },
  ) {}

  run<T>(work: Work<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.waiting.length > 0) {
        await this.runBatch(this.waiting.splice(0, this.options.maxBatch));
        // better-sqlite3 answers synchronously, so batch after batch would be one long chain of
        // microtasks that starves the event loop: yield, so sockets are read between batches.
        if (this.waiting.length > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      this.flushing = false;
    }
  }

  private async runBatch(batch: Job[]): Promise<void> {
    let outcomes: Outcome[];
    try {
      outcomes = await this.openTransaction(async (manager) => {
        // A lone job needs no savepoint: if it throws, the whole transaction rolls back.
        if (batch.length === 1) return [{ ok: true, value: await this.context.run(manager, () => batch[0].work(manager)) }];
        const results: Outcome[] = [];
        for (const job of batch) results.push(await this.runInBatch(manager, job));
        return results;
      });
    } catch (error) {
      // BEGIN or COMMIT failed, or the lone job threw: nothing of the batch was written.
      for (const job of batch) job.reject(error);
      return;
    }
    batch.forEach((job, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) job.resolve(outcome.value);
      else job.reject(outcome.error);
    });
  }

  private async runInBatch(manager: EntityManager, job: Job): Promise<Outcome> {
    const runner = manager.queryRunner!;
    if (this.options.isolateJobs) await runner.query('SAVEPOINT batched_job');
    try {
      const value = await this.context.run(manager, () => job.work(manager));
      if (this.options.isolateJobs) await runner.query('RELEASE SAVEPOINT batched_job');
      return { ok: true, value };
    } catch (error) {
      if (this.options.isolateJobs) {
        await runner.query('ROLLBACK TO SAVEPOINT batched_job');
        await runner.query('RELEASE SAVEPOINT batched_job');
      }
      return { ok: false, error };
    }
  }
}
