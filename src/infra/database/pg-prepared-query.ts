import pg, { type FieldDef, type PoolClient, type QueryResult } from 'pg';

/** A value parser as pg-types hands them out. */
type Parser = (value: string) => unknown;

/** Per statement name, its columns' types and their parsers, as last described. */
const parsersByName = new Map<string, { types: number[]; parsers: Parser[] }>();

/**
 * A result whose rows are arrays (`rowMode: 'array'`), told its columns without pg's empty row
 * object: for each answer with rows, `Result.addFields` builds one, a column at a time on an
 * object in dictionary mode, that only rows as objects use (3.3 % of the thread under load on
 * PostgreSQL). The parsers of a statement's columns are looked up once per name and types.
 */
class ArrayRowsResult extends pg.Result {
  declare _types: { getTypeParser(oid: number, format: 'text' | 'binary'): Parser } | undefined;
  declare _parsers: Parser[] | undefined;

  constructor(private readonly statement: string) {
    super('array', undefined as never);
  }

  addFields(fields: FieldDef[]): void {
    this.fields = fields;
    let known = parsersByName.get(this.statement);
    // Checked against the description each time: a connection that prepared the name after a
    // schema change is told the new types, and must not parse them with the old parsers.
    if (known?.types.length !== fields.length || !fields.every((field, i) => field.dataTypeID === known!.types[i])) {
      const types = this._types ?? pg.types;
      known = {
        types: fields.map((field) => field.dataTypeID),
        parsers: fields.map((field) => types.getTypeParser(field.dataTypeID, (field.format as 'text' | 'binary') || 'text') as Parser),
      };
      parsersByName.set(this.statement, known);
    }
    this._parsers = known.parsers;
  }
}

/** The parts of a named statement pg reads, as statement-names.ts makes them. */
export interface NamedStatement {
  name: string;
  text: string;
  values?: unknown[];
  rowMode?: 'array';
}

/**
 * A named prepared statement as a pg Query made here, not from a query config: pg copies every
 * config it is handed through its property descriptors (`cloneQueryConfig`, 2 % of the thread
 * under load), and a Query passes through as it is. pg's `pipeline` mode takes it like its own
 * (it is one), and the pg instrumentation wraps its callback like a config's.
 *
 * This leans on pg 8's Query and Result internals (`_rowMode`, `_result`, `_parsers`, `_types`),
 * pinned by the lockfile; `pg-prepared-query.spec.ts` runs it against a real server.
 */
class NamedQuery extends pg.Query {
  declare name: string;
  declare values: unknown[] | undefined;
  declare _rowMode: 'array' | undefined;
  declare _result: pg.Result;
  declare _results: pg.Result;
  declare callback: ((error: Error | null, result: QueryResult) => void) | undefined;

  constructor(statement: NamedStatement, callback: (error: Error | null, result: QueryResult) => void) {
    // A string, which pg does not copy; the rest is set as its constructor would from a config.
    super(statement.text);
    this.name = statement.name;
    this.values = statement.values;
    this.callback = callback;
    if (statement.rowMode === 'array') {
      this._rowMode = 'array';
      this._result = this._results = new ArrayRowsResult(statement.name);
    }
  }
}

/** Sends `statement` on `client` (a pipelined connection: it is written at once) and resolves with its result. */
export function sendNamed(client: PoolClient, statement: NamedStatement): Promise<QueryResult> {
  return new Promise<QueryResult>((resolve, reject) => {
    const query = new NamedQuery(statement, (error, result) => (error ? reject(error) : resolve(result)));
    (client.query as unknown as (query: NamedQuery) => void)(query);
  });
}
