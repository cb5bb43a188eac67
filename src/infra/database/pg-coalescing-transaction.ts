import type { PoolClient, QueryArrayConfig, QueryConfig, QueryResult } from 'pg';
import { type EntityManager, QueryFailedError, type QueryRunner } from 'typeorm';
import { isDatabaseFailure } from './database-unavailable.error.js';
import { inlineParameters } from './pg-literal.js';

/** What TypeORM's PostgreSQL query runner calls on the connection it holds (typeorm 1.1: `query` only). */
interface Connection {
  query(textOrConfig: string | QueryConfig | QueryArrayConfig | { submit: unknown }, values?: unknown[]): unknown;
}

/** The state of TypeORM's query runner that `startTransaction` / `commitTransaction` keep. */
interface RunnerBookkeeping {
  isTransactionActive: boolean;
  transactionDepth: number;
  connect(): Promise<unknown>;
}

const open = new WeakMap<QueryRunner, CoalescingTransaction>();

/**
 * A PostgreSQL transaction that sends its statements in as few round trips as it can. Each round
 * trip costs a socket write and a wait, and on this kind of machine the writes alone were a
 * third of the service's CPU; a saga step is a few reads and many writes whose results nobody
 * reads. So writes that were only queued (`defer`: EntityTable's inserts and updates) wait, and
 * go with the next statement that needs an answer or with COMMIT, as one simple-query round
 * trip of several statements, their values inlined as literals (pg-literal.ts). BEGIN goes with
 * the first statement, and a transaction that ran nothing sends nothing at all.
 *
 * This is the one place that stands between TypeORM's query runner and its pg client (typeorm
 * 1.1): the runner's `connect` hands out this transaction's connection, so every statement
 * issued through the runner (the manager's find, update, query builder, runSql) is sent after
 * what was queued before it, and order is kept. A failure of a queued write (a unique
 * violation) therefore surfaces, as the same QueryFailedError, at the statement that carried it
 * or at `commit`: always inside the same `uow.transaction`, never at the `defer` call.
 */
export class CoalescingTransaction {
  private begun = false;
  private readonly queued: string[] = [];
  private failure: unknown = null;
  private closed = false;
  /** The round trip that carried BEGIN (and no COMMIT) lost its connection: nothing of the work can have committed. */
  failedAtBegin = false;

  private constructor(private readonly client: PoolClient) {}

  /** Takes a connection for `runner` and marks it inside a transaction; BEGIN waits for the first statement. */
  static async open(runner: QueryRunner): Promise<CoalescingTransaction> {
    const client = (await runner.connect()) as PoolClient;
    const transaction = new CoalescingTransaction(client);
    const bookkeeping = runner as unknown as RunnerBookkeeping;
    bookkeeping.isTransactionActive = true;
    bookkeeping.transactionDepth = 1;
    const connection: Connection = { query: (textOrConfig, values) => transaction.forward(textOrConfig, values) };
    bookkeeping.connect = () => Promise.resolve(connection);
    open.set(runner, transaction);
    return transaction;
  }

  /** The coalescing transaction `manager` runs in, if any. */
  static of(manager: EntityManager): CoalescingTransaction | undefined {
    return manager.queryRunner ? open.get(manager.queryRunner) : undefined;
  }

  /**
   * Queues a write whose result nobody reads. Returns false, having queued nothing, when the
   * statement cannot be inlined: the caller then runs it as usual (which sends the queue first).
   */
  defer(sql: string, values: readonly unknown[]): boolean {
    if (this.closed) return false;
    const inlined = inlineParameters(sql, values);
    if (inlined === null) return false;
    this.queued.push(inlined);
    return true;
  }

  /** Sends what is queued, if anything (and BEGIN with it, if not sent yet). */
  async flush(): Promise<void> {
    const statements = this.queued.length;
    if (statements === 0) return;
    try {
      await this.send([], false);
    } catch (error) {
      throw new QueryFailedError(`${statements} queued statements`, [], error as Error);
    }
  }

  /** Sends what is queued with COMMIT; rejects, as QueryFailedError, if a queued write fails. */
  async commit(runner: QueryRunner): Promise<void> {
    try {
      if (this.failure) throw new QueryFailedError('COMMIT', [], this.failure as Error);
      if (!this.begun && this.queued.length === 0) return;
      const statements = this.queued.length;
      let result: QueryResult;
      try {
        result = await this.send(['COMMIT'], true);
      } catch (error) {
        throw statements > 0 ? new QueryFailedError(`${statements} queued statements; COMMIT`, [], error as Error) : new QueryFailedError('COMMIT', [], error as Error);
      }
      // COMMIT in a transaction an earlier error aborted rolls back without an error of its own.
      if (result.command !== 'COMMIT') throw new QueryFailedError('COMMIT', [], new Error('The transaction was aborted by an earlier error and rolled back'));
    } finally {
      this.close(runner);
    }
  }

  /** Rolls back what was begun (nothing, if BEGIN was never sent) and drops the queue. */
  async rollback(runner: QueryRunner): Promise<void> {
    const begun = this.begun;
    this.queued.length = 0;
    this.close(runner);
    if (begun) await this.client.query('ROLLBACK');
  }

  private close(runner: QueryRunner): void {
    this.closed = true;
    const bookkeeping = runner as unknown as RunnerBookkeeping;
    bookkeeping.isTransactionActive = false;
    bookkeeping.transactionDepth = 0;
    open.delete(runner);
  }

  /**
   * A statement issued on the runner: alone when nothing waits, else with BEGIN and the queue in
   * one round trip (or after them, when it cannot be inlined).
   */
  private forward(textOrConfig: string | QueryConfig | QueryArrayConfig | { submit: unknown }, values?: unknown[]): unknown {
    if (this.closed) throw new Error('This transaction has ended');
    if (this.begun && this.queued.length === 0) return this.client.query(textOrConfig as string, values);
    if (typeof textOrConfig === 'object' && 'submit' in textOrConfig) {
      // A stream (QueryStream) is returned synchronously; pg's queue keeps it after the flush.
      this.send([], false).catch((error: unknown) => (this.failure ??= error));
      return this.client.query(textOrConfig as never);
    }
    const text = typeof textOrConfig === 'string' ? textOrConfig : textOrConfig.text;
    const parameters = (typeof textOrConfig === 'string' ? values : textOrConfig.values) ?? [];
    const inlined = inlineParameters(text, parameters);
    // Rows as arrays (runSqlRows) stay arrays: pg applies rowMode to every statement of the round trip.
    if (inlined !== null) return this.send([inlined], false, typeof textOrConfig === 'string' ? undefined : (textOrConfig as QueryArrayConfig).rowMode);
    return this.send([], false).then(() => this.client.query(textOrConfig as string, values));
  }

  /** One round trip: BEGIN if not sent yet, the queue, then `statements`; the last statement's result. */
  private async send(statements: string[], commits: boolean, rowMode?: 'array'): Promise<QueryResult> {
    const carriesBegin = !this.begun;
    const parts = carriesBegin ? ['BEGIN', ...this.queued, ...statements] : [...this.queued, ...statements];
    this.begun = true;
    this.queued.length = 0;
    try {
      const text = parts.join(';\n');
      const results = (await (rowMode ? this.client.query({ text, rowMode }) : this.client.query(text))) as unknown as QueryResult | QueryResult[];
      return Array.isArray(results) ? results[results.length - 1] : results;
    } catch (error) {
      this.failure ??= error;
      if (carriesBegin && !commits && isDatabaseFailure(error)) this.failedAtBegin = true;
      throw error;
    }
  }
}
