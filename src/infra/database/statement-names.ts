import { createHash } from 'node:crypto';

/** Part of every statement name; a new generation makes every client prepare its statements again. */
let generation = 0;
/** Per statement text, of the current generation: its name, and its query configs' fixed parts once made. */
const statements = new Map<string, { generation: number; name: string; objects?: StatementConfig; arrays?: StatementConfig }>();

/**
 * The name a PostgreSQL client prepares `sql` under: what it does and to which table, then a
 * digest of its text (`update_saga_steps_0_5f3a...`). The pg instrumentation names a query's
 * span after it (`pg.query:<name>`), so a trace shows what each statement was, not a bare hash.
 */
export function statementName(sql: string): string {
  return statementOf(sql).name;
}

/** The statement entry of `sql` in the current generation, made on first use. */
function statementOf(sql: string) {
  let statement = statements.get(sql);
  if (statement?.generation !== generation) {
    const verb = /^\s*(\w+)/.exec(sql)?.[1]?.toLowerCase() ?? 'sql';
    const table = /\b(?:FROM|INTO|UPDATE)\s+"?(\w+)"?/i.exec(sql)?.[1]?.toLowerCase() ?? '';
    const digest = createHash('sha1').update(sql).digest('hex').slice(0, 20);
    // PostgreSQL keeps 63 bytes of a name: the digest must survive a long table name.
    statement = { generation, name: `${verb}_${table}`.slice(0, 36) + `_${generation}_${digest}` };
    statements.set(sql, statement);
  }
  return statement;
}

/** A statement's fixed part, as pg reads a query config: its name, its text, how its rows come. */
interface StatementConfig {
  readonly name: string;
  readonly text: string;
  readonly rowMode?: 'array';
}

/**
 * The config to send `sql` with `values` under its prepared name (`asArrays`: rows as arrays).
 * Its fixed part is made once per text and inherited, and `values` is its only own property.
 * A transaction's statements go out as Queries made from it (pg-statement-query.ts); a config
 * handed to the pool is copied by pg, through its own properties' descriptors
 * (`cloneQueryConfig`), and one of one property costs half what one of four did (1.4 against
 * 2.8 µs per query, measured alone).
 */
export function queryConfig(sql: string, values: unknown[], asArrays: boolean): StatementConfig & { values: unknown[] } {
  const statement = statementOf(sql);
  const fixed = asArrays
    ? (statement.arrays ??= Object.freeze({ name: statement.name, text: sql, rowMode: 'array' as const }))
    : (statement.objects ??= Object.freeze({ name: statement.name, text: sql }));
  const config = Object.create(fixed) as StatementConfig & { values: unknown[] };
  config.values = values;
  return config;
}

/** PostgreSQL's answer to a prepared statement whose result type a schema change altered. */
export const CACHED_PLAN_CHANGED = '0A000';

/** After CACHED_PLAN_CHANGED: every statement gets a name no client has prepared yet. */
export function renameAllStatements(): void {
  generation++;
}
