/**
 * Loaded into the service with `node --import` by `npm run bench -- --sql-stats`: counts the SQL
 * that better-sqlite3 prepares and runs, and writes the counts to BENCH_SQL_STATS_FILE when the
 * process exits (the service exits 0 on SIGTERM). Read-only instrumentation: it wraps
 * Database#prepare and Statement#run/all/get/iterate and changes nothing they do.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

interface Counts {
  prepared: number;
  executed: number;
}

const require = createRequire(`${process.cwd()}/`);
const out = process.env.BENCH_SQL_STATS_FILE;
// Resolve better-sqlite3 the way the service does (from its own folder up to node_modules).
const serviceRequire = createRequire(process.argv[1] ?? `${process.cwd()}/`);
let Database: { prototype: Record<string, unknown> } & (new (path: string) => { prepare(sql: string): object; close(): void });
try {
  Database = serviceRequire('better-sqlite3');
} catch {
  Database = require('better-sqlite3');
}

const bySql = new Map<string, Counts>();
const counts = (sql: string) => {
  let entry = bySql.get(sql);
  if (!entry) bySql.set(sql, (entry = { prepared: 0, executed: 0 }));
  return entry;
};

const prepare = Database.prototype.prepare as (this: unknown, sql: string) => { source: string };
Database.prototype.prepare = function (this: unknown, sql: string) {
  counts(sql).prepared++;
  return prepare.call(this, sql);
};
const probe = new Database(':memory:');
const Statement = Object.getPrototypeOf(prepare.call(probe, 'SELECT 1')) as Record<string, unknown>;
probe.close();
for (const method of ['run', 'all', 'get', 'iterate']) {
  const original = Statement[method] as (this: { source: string }, ...args: unknown[]) => unknown;
  Statement[method] = function (this: { source: string }, ...args: unknown[]) {
    counts(this.source).executed++;
    return original.apply(this, args);
  };
}

process.on('exit', () => {
  if (!out) return;
  const statements = [...bySql.entries()].map(([sql, c]) => ({ sql: sql.length > 300 ? `${sql.slice(0, 300)}…` : sql, ...c }));
  writeFileSync(
    out,
    JSON.stringify({
      distinct: statements.length,
      prepared: statements.reduce((a, s) => a + s.prepared, 0),
      executed: statements.reduce((a, s) => a + s.executed, 0),
      statements: statements.sort((a, b) => b.executed - a.executed),
    }),
  );
});
