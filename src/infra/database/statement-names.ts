import { createHash } from 'node:crypto';

/** Part of every statement name; a new generation makes every client prepare its statements again. */
let generation = 0;
const names = new Map<string, { generation: number; name: string }>();

/**
 * The name a PostgreSQL client prepares `sql` under: what it does and to which table, then a
 * digest of its text (`update_saga_steps_0_5f3a...`). The pg instrumentation names a query's
 * span after it (`pg.query:<name>`), so a trace shows what each statement was, not a bare hash.
 */
export function statementName(sql: string): string {
  let named = names.get(sql);
  if (named?.generation !== generation) {
    const verb = /^\s*(\w+)/.exec(sql)?.[1]?.toLowerCase() ?? 'sql';
    const table = /\b(?:FROM|INTO|UPDATE)\s+"?(\w+)"?/i.exec(sql)?.[1]?.toLowerCase() ?? '';
    const digest = createHash('sha1').update(sql).digest('hex').slice(0, 20);
    // PostgreSQL keeps 63 bytes of a name: the digest must survive a long table name.
    named = { generation, name: `${verb}_${table}`.slice(0, 36) + `_${generation}_${digest}` };
    names.set(sql, named);
  }
  return named.name;
}

/** PostgreSQL's answer to a prepared statement whose result type a schema change altered. */
export const CACHED_PLAN_CHANGED = '0A000';

/** After CACHED_PLAN_CHANGED: every statement gets a name no client has prepared yet. */
export function renameAllStatements(): void {
  generation++;
}
