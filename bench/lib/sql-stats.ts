/** Reads the per-statement counts bench/counting-preload.ts wrote at a service's exit, per saga, and formats them. */
import { existsSync, readFileSync } from 'node:fs';
import { log } from './session.js';
import { round } from './stats.js';
import { table } from './table.js';

export interface SqlStats {
  sagas: number;
  distinct: number;
  executedPerSaga: number;
  preparedPerSaga: number;
  top: Array<{ sql: string; executed: number; prepared: number; perSaga: number; microsPerSaga: number }>;
  /** Time inside better-sqlite3's calls per saga, microseconds (pg: 0, its work is in the server). */
  microsPerSaga: number;
  /** Statements that differ only in literal numbers or strings: each variant is prepared anew. */
  literalVariants: Array<{ pattern: string; variants: number; preparedPerSaga: number }>;
}

export function sqlStats(file: string, sagas: number): SqlStats | undefined {
  if (!existsSync(file)) {
    log(`  no SQL counts in ${file}: did the service exit cleanly?`);
    return undefined;
  }
  // On PostgreSQL `executed` per text counts query calls (a text may hold several statements).
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { distinct: number; prepared: number; statements: number; bySql: Array<{ sql: string; executed: number; prepared: number; micros?: number }> };
  const per = (n: number) => round(n / Math.max(1, sagas), 2);
  const patterns = new Map<string, { variants: number; prepared: number }>();
  for (const statement of raw.bySql) {
    const pattern = statement.sql.replace(/'(?:[^']|'')*'/g, "'…'").replace(/\b\d+(\.\d+)?\b/g, 'N');
    const entry = patterns.get(pattern) ?? { variants: 0, prepared: 0 };
    entry.variants++;
    entry.prepared += statement.prepared;
    patterns.set(pattern, entry);
  }
  return {
    sagas,
    distinct: raw.distinct,
    literalVariants: [...patterns.entries()]
      .filter(([, p]) => p.variants > 1)
      .sort((a, b) => b[1].prepared - a[1].prepared)
      .slice(0, 10)
      .map(([pattern, p]) => ({ pattern, variants: p.variants, preparedPerSaga: per(p.prepared) })),
    executedPerSaga: per(raw.statements),
    preparedPerSaga: per(raw.prepared),
    microsPerSaga: per(raw.bySql.reduce((sum, s) => sum + (s.micros ?? 0), 0)),
    // By time when the driver's time was measured (SQLite), else by count.
    top: [...raw.bySql]
      .sort((a, b) => (b.micros ?? 0) - (a.micros ?? 0) || b.executed - a.executed)
      .slice(0, 20).map((s) => ({ ...s, perSaga: per(s.executed), microsPerSaga: per(s.micros ?? 0) })),
  };
}

export function formatSql(sql: SqlStats): string {
  const lines = [`\nSQL through better-sqlite3 or pg over the whole run (${sql.sagas} sagas finished, warm-up included): ${sql.executedPerSaga} statements run and ${sql.preparedPerSaga} prepared per saga, ${sql.distinct} distinct${sql.microsPerSaga ? `; ${sql.microsPerSaga} µs per saga inside the driver` : ''}`];
  lines.push(table([['per saga', 'µs per saga', 'prepared', 'statement'], ...sql.top.map((s) => [String(s.perSaga), String(s.microsPerSaga), String(s.prepared), s.sql.replace(/\s+/g, ' ').slice(0, 150)])]));
  // Only better-sqlite3 prepares statements here (pg sends each text as it is).
  if (sql.literalVariants.length && sql.preparedPerSaga > 0) {
    lines.push('statements that differ only in literal values (each variant is prepared again and evicts the statement cache):');
    lines.push(
      table([
        ['variants', 'prepared per saga', 'pattern'],
        ...sql.literalVariants.map((v) => [String(v.variants), String(v.preparedPerSaga), v.pattern.replace(/\s+/g, ' ').slice(0, 150)]),
      ]),
    );
  }
  return lines.join('\n');
}
