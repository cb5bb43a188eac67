import pg, { type FieldDef, type PoolClient, type QueryResult } from 'pg';

/** A value parser as pg-types hands them out. */
type Parser = (value: string) => unknown;

/**
 * A result whose rows are arrays (`rowMode: 'array'`), told its columns without pg's empty row
 * object: for each answer with rows, `Result.addFields` builds one, a column at a time on an
 * object in dictionary mode, that only rows as objects use (3.3 % of the thread under load on
 * PostgreSQL). The parsers are looked up as pg looks them up, for each answer.
 */
class ArrayRowsResult extends pg.Result {
  declare _types: { getTypeParser(oid: number, format: 'text' | 'binary'): Parser } | undefined;
  declare _parsers: Parser[] | undefined;

  constructor() {
    super('array', undefined as never);
  }

  addFields(fields: FieldDef[]): void {
    this.fields = fields;
    const types = this._types ?? pg.types;
    const parsers = new Array<Parser>(fields.length);
    for (let i = 0; i < fields.length; i++) parsers[i] = types.getTypeParser(fields[i].dataTypeID, (fields[i].format as 'text' | 'binary') || 'text') as Parser;
    this._parsers = parsers;
  }
}

/** The parts of a statement pg reads from a query config, as the service issues them. */
export interface Statement {
  text: string;
  name?: string;
  values?: unknown[];
  rowMode?: 'array';
}

type Callback = (error: Error | null, result: QueryResult) => void;

/**
 * A statement as a pg Query made here, not from a query config: pg copies every config it is
 * handed through its property descriptors (`cloneQueryConfig`, 2 % of the thread under load),
 * and a Query passes through as it is. pg's `pipeline` mode takes it like its own (it is one),
 * and the pg instrumentation wraps its callback like a config's.
 *
 * This leans on pg 8's Query and Result internals (`_rowMode`, `_result`, `_parsers`, `_types`),
 * pinned by the lockfile; `pg-statement-query.spec.ts` runs it against a real server.
 */
class StatementQuery extends pg.Query {
  declare name: string | undefined;
  declare values: unknown[] | undefined;
  declare _rowMode: 'array' | undefined;
  declare _result: pg.Result;
  declare _results: pg.Result;
  declare callback: Callback | undefined;

  constructor(statement: Statement, callback: Callback) {
    // A string, which pg does not copy; the rest is set as its constructor would from a config.
    super(statement.text);
    this.name = statement.name;
    this.values = statement.values;
    this.callback = callback;
    if (statement.rowMode === 'array') {
      this._rowMode = 'array';
      this._result = this._results = new ArrayRowsResult();
    }
  }
}

/**
 * Sends `statement` on `client` (a pipelined connection: it is written at once) and resolves with
 * its result. `failed` is told a failure as its answer is read, before anything else runs: in the
 * order the statements went out, whatever awaits their promises. (pg takes a failure's stack
 * again for the promises it makes; the callers here wrap every failure in a QueryFailedError,
 * whose stack is theirs.)
 */
export function sendStatement(client: PoolClient, statement: Statement, failed?: (error: Error) => void): Promise<QueryResult> {
  return new Promise<QueryResult>((resolve, reject) => {
    const query = new StatementQuery(statement, (error, result) => {
      if (!error) return resolve(result);
      failed?.(error);
      reject(error);
    });
    (client.query as unknown as (query: StatementQuery) => void)(query);
  });
}
