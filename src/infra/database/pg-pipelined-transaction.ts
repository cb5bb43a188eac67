import type { PoolClient, QueryConfig, QueryResult } from 'pg';
import { type EntityManager, QueryFailedError, type QueryRunner } from 'typeorm';
import { isDatabaseFailure } from './database-unavailable.error.js';
import { sendStatement } from './pg-statement-query.js';
import { queryConfig } from './statement-names.js';

/** A statement as its caller issued it (runSql names its statements, runSqlRows asks for arrays). */
type Issued = QueryConfig & { rowMode?: 'array' };

/** What TypeORM's PostgreSQL query runner calls on the connection it holds (typeorm 1.1: `query` only). */
interface Connection {
  query(textOrConfig: string | Issued | { submit: unknown }, values?: unknown[]): unknown;
}

/** The state of TypeORM's query runner that `startTransaction` / `commitTransaction` keep. */
interface RunnerBookkeeping {
  isTransactionActive: boolean;
  transactionDepth: number;
  connect(): Promise<unknown>;
}

/**
 * What PostgreSQL answers a statement sent after another one of the transaction failed:
 * in_failed_sql_transaction, or invalid_sql_statement_name for one whose Parse went with a
 * statement that was refused so (pg then sends the next use of that name without a Parse).
 */
const AFTER_FAILURE = new Set(['25P02', '26000']);

/** `write`: BEGIN ... COMMIT. `read`: no transaction block, each statement on its own, its failure its own. */
export type PipelineKind = 'write' | 'read';

const open = new WeakMap<QueryRunner, PipelinedTransaction>();

/**
 * A PostgreSQL transaction on a pipelined connection (pg's `pipeline` mode, set on the pool in
 * data-source-options.ts): each statement is written as it is issued, each its own
 * Parse/Bind/Execute/Sync, without waiting for the answers to those before it. (Of `kind`
 * `read`, for a batch of reads: the same connection without a transaction block.) A saga step is a
 * few reads and many writes whose results nobody reads, so the writes (`defer`: EntityTable's
 * inserts and updates) are sent and not waited for, and the jobs of a batch, which run side by
 * side (TransactionBatcher), keep the one write connection busy on both ends: measured before
 * this, it sat idle half the time while the service and PostgreSQL waited on each other.
 * Statements go as named prepared statements (statement-names.ts), so PostgreSQL parses and
 * plans each text once per connection, not on every use.
 *
 * This is the one place that stands between TypeORM's query runner and its pg client (typeorm
 * 1.1): the runner's `connect` hands out this transaction's connection, so every statement
 * issued through the runner (the manager's find, update, query builder, runSql) follows what
 * was issued before it on the wire, and order is kept. BEGIN goes out with the first statement,
 * which waits for its answer (see `begin`); a transaction that ran nothing sends nothing at all.
 *
 * A failure of a write nobody waits for (a unique violation) surfaces, as itself, at the next
 * statement the work waits for (which PostgreSQL refuses, the transaction being aborted) or at
 * `commit`: always inside the same `uow.transaction`, never at the `defer` call.
 */
export class PipelinedTransaction {
  private begun = false;
  private closed = false;
  /** The first statement that failed: every later one fails because of it. */
  private failure: unknown = null;
  /** Settles once every statement sent so far is answered (answers come in order). */
  private lastAnswer: Promise<unknown> = Promise.resolve();
  /** BEGIN failed on the connection: nothing of the work was sent, so none of it can have committed. */
  failedAtBegin = false;

  /** The connection's socket is corked until the end of this turn of the event loop. */
  private holding = false;

  /** Statements issued while BEGIN is out, sent once it is answered (see `begin`). */
  private held: Array<{ go(): void; fail(error: unknown): void }> | null = null;

  private constructor(
    private readonly client: PoolClient,
    readonly kind: PipelineKind,
  ) {}

  /** Takes a connection for `runner` and marks it inside a transaction; BEGIN waits for the first statement. */
  static async open(runner: QueryRunner, kind: PipelineKind = 'write'): Promise<PipelinedTransaction> {
    const client = (await runner.connect()) as PoolClient;
    const transaction = new PipelinedTransaction(client, kind);
    const bookkeeping = runner as unknown as RunnerBookkeeping;
    bookkeeping.isTransactionActive = true;
    bookkeeping.transactionDepth = 1;
    const connection: Connection = { query: (textOrConfig, values) => transaction.forward(textOrConfig, values) };
    bookkeeping.connect = () => Promise.resolve(connection);
    open.set(runner, transaction);
    return transaction;
  }

  /** The pipelined transaction `manager` runs in, if any. */
  static of(manager: EntityManager): PipelinedTransaction | undefined {
    return manager.queryRunner ? open.get(manager.queryRunner) : undefined;
  }

  /** Sends a write whose result nobody reads, and does not wait for it. False once the transaction has ended. */
  defer(sql: string, values: readonly unknown[]): boolean {
    if (this.closed) return false;
    this.send(queryConfig(sql, values as unknown[], false)).catch(() => undefined);
    return true;
  }

  /** Waits for every statement sent so far; rejects, as QueryFailedError, if one of them failed. */
  async flush(): Promise<void> {
    await this.lastAnswer;
    if (this.failure) throw new QueryFailedError('a statement sent before', [], this.failure as Error);
  }

  /** Sends COMMIT; rejects, as QueryFailedError, if any statement of the transaction failed. */
  async commit(runner: QueryRunner): Promise<void> {
    try {
      if (this.kind === 'read') {
        this.closed = true;
        await this.lastAnswer;
        return;
      }
      if (this.failure) throw new QueryFailedError('COMMIT', [], this.failure as Error);
      if (!this.begun) return;
      // Nothing issued from here on may follow COMMIT onto the wire, outside the transaction.
      this.closed = true;
      let result: QueryResult;
      try {
        result = await this.send({ text: 'COMMIT' });
      } catch (error) {
        throw new QueryFailedError('COMMIT', [], error as Error);
      }
      // COMMIT in a transaction an earlier error aborted rolls back without an error of its own.
      if (this.failure) throw new QueryFailedError('COMMIT', [], this.failure as Error);
      if (result.command !== 'COMMIT') throw new QueryFailedError('COMMIT', [], new Error('The transaction was aborted by an earlier error and rolled back'));
    } finally {
      this.close(runner);
    }
  }

  /** Rolls back what was begun (nothing, if BEGIN was never sent); after every statement sent before. */
  async rollback(runner: QueryRunner): Promise<void> {
    const begun = this.begun;
    this.close(runner);
    // Statements still held behind BEGIN are dropped: sent after ROLLBACK, each would commit alone.
    const held = this.held ?? [];
    this.held = [];
    for (const statement of held) statement.fail(new Error('This transaction was rolled back'));
    if (begun) await this.client.query('ROLLBACK');
    else await this.lastAnswer;
  }

  private close(runner: QueryRunner): void {
    this.closed = true;
    const bookkeeping = runner as unknown as RunnerBookkeeping;
    bookkeeping.isTransactionActive = false;
    bookkeeping.transactionDepth = 0;
    open.delete(runner);
  }

  /** A statement issued on the runner; a stream (QueryStream) pg refuses in pipeline mode, with its own error. */
  private forward(textOrConfig: string | Issued | { submit: unknown }, values?: unknown[]): unknown {
    if (this.closed) throw new Error('This transaction has ended');
    if (typeof textOrConfig === 'object' && 'submit' in textOrConfig) {
      this.begin();
      return this.client.query(textOrConfig as never);
    }
    return this.send(typeof textOrConfig === 'string' ? { text: textOrConfig, values } : textOrConfig);
  }

  /**
   * Notes the transaction's first failure as each answer is read, in the order the statements
   * went out: a statement refused because of an earlier one (25P02) is read after it, however
   * long the chain of promises behind either.
   */
  private readonly recordFailure = (error: unknown): void => {
    if (this.kind === 'write') this.failure ??= error;
  };

  /**
   * Writes one statement (after BEGIN, if not sent yet) and returns its answer. A statement
   * refused because an earlier one failed rejects with that earlier failure, the cause.
   */
  private send(statement: Issued): Promise<QueryResult> {
    this.begin();
    const answer = new Promise<QueryResult>((resolve, reject) => {
      const go = () => {
        this.holdWrites();
        sendStatement(this.client, statement, this.recordFailure).then(resolve, reject);
      };
      if (this.held) this.held.push({ go, fail: reject });
      else go();
    }).catch((error: unknown) => {
      if (this.kind === 'read') throw error;
      // Noted already if the server answered it (recordFailure); not if BEGIN failed, or the
      // transaction rolled back, before it went out.
      this.failure ??= error;
      throw AFTER_FAILURE.has((error as { code?: string }).code ?? '') ? this.failure : error;
    });
    this.lastAnswer = answer.catch(() => undefined);
    return answer;
  }

  /**
   * Sends BEGIN before a write transaction's first statement, and holds every statement until
   * BEGIN is answered. It must: BEGIN is a pipeline segment of its own, and had it failed with
   * the connection still up, PostgreSQL would run each statement already sent behind it as a
   * transaction of its own, committed (seen with a raw client). That costs one round trip per
   * batch; the jobs' statements then stream as before, in the order they were issued. A failed
   * BEGIN fails them all with its error, none of them sent, so a retry on a new connection
   * (`failedAtBegin`) cannot repeat anything.
   */
  private begin(): void {
    if (this.kind === 'read' || this.begun) return;
    this.begun = true;
    this.held = [];
    this.holdWrites();
    this.lastAnswer = this.client.query('BEGIN').then(
      () => {
        const held = this.held ?? [];
        this.held = null;
        for (const statement of held) statement.go();
      },
      (error: unknown) => {
        this.failure ??= error;
        if (isDatabaseFailure(error)) this.failedAtBegin = true;
        const held = this.held ?? [];
        this.held = null;
        for (const statement of held) statement.fail(error);
      },
    );
  }

  /**
   * Corks the connection's socket until this turn's statements are all written (process.nextTick
   * runs after the turn's promise jobs): one `writev` for them all. pg writes each statement's
   * messages with a system call of its own, and with a batch's jobs side by side that was a
   * sixth of the thread (`writev` 16.7 % of a profile).
   */
  private holdWrites(): void {
    if (this.holding) return;
    const socket = (this.client as unknown as { connection?: { stream?: { cork?(): void; uncork?(): void } } }).connection?.stream;
    if (!socket?.cork || !socket.uncork) return;
    this.holding = true;
    socket.cork();
    process.nextTick(() => {
      this.holding = false;
      socket.uncork!();
    });
  }
}
