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

/** A statement as its caller issued it (runSql names its statements, runSqlRows asks for arrays). */
type Issued = QueryConfig & { rowMode?: 'array' };

/** A statement waiting for the next round trip: a queued write (no `settle`), or one whose caller waits for its result. */
interface Waiting {
  /** The statement with its values inlined. */
  text: string;
  /** How the caller issued it, for a statement that goes alone (as a named prepared statement, when runSql named it). */
  issued?: Issued;
  settle?: { resolve(result: QueryResult): void; reject(error: unknown): void };
}

/**
 * A PostgreSQL transaction that sends its statements in as few round trips as it can. Each round
 * trip costs a socket write and a wait, and on this kind of machine the writes alone were a
 * third of the service's CPU; a saga step is a few reads and many writes whose results nobody
 * reads. So writes that were only queued (`defer`: EntityTable's inserts and updates) wait, and
 * go with the next statement that needs an answer or with COMMIT, as one simple-query round
 * trip of several statements, their values inlined as literals (pg-literal.ts). BEGIN goes with
 * the first statement, and a transaction that ran nothing sends nothing at all.
 *
 * Statements that need an answer gather too: those issued while a round trip is out, or in the
 * same turn of the event loop (the batch's jobs run side by side, TransactionBatcher), go
 * together in the next one, each caller getting its own statement's result. A batch of forty
 * jobs then costs a round trip per step of a job, not per job and step: measured before this,
 * the one write connection was idle on both ends half the time, waiting on each other.
 *
 * This is the one place that stands between TypeORM's query runner and its pg client (typeorm
 * 1.1): the runner's `connect` hands out this transaction's connection, so every statement
 * issued through the runner (the manager's find, update, query builder, runSql) is sent after
 * what was queued before it, and order is kept. A failure of a queued write (a unique
 * violation) therefore surfaces, as the same QueryFailedError, at the statement that carried it
 * or at `commit`: always inside the same `uow.transaction`, never at the `defer` call. A round
 * trip that fails fails every statement that travelled in it (PostgreSQL ran none after the
 * failing one, and the transaction is aborted).
 */
export class CoalescingTransaction {
  private begun = false;
  private readonly waiting: Waiting[] = [];
  /** The round trip sent to gather behind, until it is answered. */
  private out: Promise<unknown> | null = null;
  private sendScheduled = false;
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
    this.waiting.push({ text: inlined });
    return true;
  }

  /** Sends what is queued, if anything (and BEGIN with it, if not sent yet). */
  async flush(): Promise<void> {
    const statements = this.waiting.length;
    if (statements === 0) return;
    try {
      await this.send(false);
    } catch (error) {
      throw new QueryFailedError(`${statements} queued statements`, [], error as Error);
    }
  }

  /** Sends what is queued with COMMIT; rejects, as QueryFailedError, if a queued write fails. */
  async commit(runner: QueryRunner): Promise<void> {
    try {
      if (this.failure) throw new QueryFailedError('COMMIT', [], this.failure as Error);
      if (!this.begun && this.waiting.length === 0) return;
      const statements = this.waiting.length;
      let result: QueryResult;
      try {
        result = await this.send(true);
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
    this.close(runner);
    if (begun) await this.client.query('ROLLBACK');
  }

  private close(runner: QueryRunner): void {
    this.closed = true;
    const ended = new Error('This transaction has ended');
    for (const statement of this.waiting.splice(0)) statement.settle?.reject(ended);
    const bookkeeping = runner as unknown as RunnerBookkeeping;
    bookkeeping.isTransactionActive = false;
    bookkeeping.transactionDepth = 0;
    open.delete(runner);
  }

  /**
   * A statement issued on the runner: it waits for the next round trip, with whatever else is
   * issued meanwhile; one that cannot be inlined goes alone, after everything before it.
   */
  private forward(textOrConfig: string | QueryConfig | QueryArrayConfig | { submit: unknown }, values?: unknown[]): unknown {
    if (this.closed) throw new Error('This transaction has ended');
    if (typeof textOrConfig === 'object' && 'submit' in textOrConfig) {
      // A stream (QueryStream) is returned synchronously; pg's queue keeps it after the flush.
      this.send(false).catch((error: unknown) => (this.failure ??= error));
      return this.client.query(textOrConfig as never);
    }
    const issued: Issued = typeof textOrConfig === 'string' ? { text: textOrConfig, values } : (textOrConfig as Issued);
    const inlined = inlineParameters(issued.text, issued.values ?? []);
    if (inlined === null) {
      if (this.begun && this.waiting.length === 0) return this.client.query(issued);
      return this.send(false).then(() => this.client.query(issued));
    }
    return new Promise<QueryResult>((resolve, reject) => {
      this.waiting.push({ text: inlined, issued, settle: { resolve, reject } });
      this.sendSoon();
    });
  }

  /**
   * Sends what waits once this turn's callers have issued their statements (process.nextTick
   * runs after the promise jobs of the turn) and no round trip is out; queued writes alone wait
   * for a statement that needs an answer, or for COMMIT.
   */
  private sendSoon(): void {
    if (this.sendScheduled) return;
    this.sendScheduled = true;
    process.nextTick(() => {
      this.sendScheduled = false;
      if (this.out || this.closed || !this.waiting.some((statement) => statement.settle)) return;
      this.send(false).catch(() => undefined);
    });
  }

  /** One round trip: BEGIN if not sent yet, every statement waiting, COMMIT if `commits`; the last statement's result. */
  private send(commits: boolean): Promise<QueryResult> {
    const carriesBegin = !this.begun;
    const group = this.waiting.splice(0);
    this.begun = true;
    const alone = !carriesBegin && !commits && group.length === 1 ? group[0].issued : undefined;
    const texts = group.map((statement) => statement.text);
    const text = [...(carriesBegin ? ['BEGIN'] : []), ...texts, ...(commits ? ['COMMIT'] : [])].join(';\n');
    // Rows as arrays (runSqlRows) stay arrays: pg applies rowMode to every statement of the round trip.
    const asArrays = !alone && group.some((statement) => statement.issued?.rowMode === 'array');
    const query = this.client.query.bind(this.client) as (config: string | Issued) => Promise<QueryResult | QueryResult[]>;
    const sent = query(alone ?? (asArrays ? { text, rowMode: 'array' } : text));
    const answered = sent.then(
      (answer) => {
        const results = Array.isArray(answer) ? answer : [answer];
        const first = carriesBegin ? 1 : 0;
        group.forEach((statement, i) => statement.settle?.resolve(asArrays ? shaped(results[first + i], statement.issued) : results[first + i]));
        return results[results.length - 1];
      },
      (error: unknown) => {
        this.failure ??= error;
        if (carriesBegin && !commits && isDatabaseFailure(error)) this.failedAtBegin = true;
        for (const statement of group) statement.settle?.reject(error);
        throw error;
      },
    );
    this.out = answered;
    const settled = () => {
      if (this.out !== answered) return;
      this.out = null;
      if (this.waiting.length > 0) this.sendSoon();
    };
    answered.then(settled, settled);
    return answered;
  }
}

/** A result the round trip read as arrays, as its caller asked for it: rows as objects by column name, unless it asked for arrays. */
function shaped(result: QueryResult, issued: Issued | undefined): QueryResult {
  if (issued?.rowMode === 'array') return result;
  const names = result.fields.map((field) => field.name);
  const rows = (result.rows as unknown as unknown[][]).map((values) => {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) row[names[i]] = values[i];
    return row;
  });
  return { ...result, rows };
}
