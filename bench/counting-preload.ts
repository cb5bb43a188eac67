/**
 * Loaded into the service with `node --import` by `npm run bench -- --budget` or `--sql-stats`:
 * counts, at the driver and bus level only (nothing of the service's own code), the SQL
 * statements better-sqlite3 or node-postgres runs, the transactions they commit, and the
 * messages on @nestjs/cqrs's buses (bench/counting/). Read-only: every wrapper calls the original.
 *
 * On SIGUSR2 it writes the counters so far to `<BENCH_COUNTS_FILE>.snap-<n>` (n = 1, 2, ...: the
 * harness knows which signal it sent); at exit (the service exits 0 on SIGTERM) the totals and the
 * per-statement counts to BENCH_COUNTS_FILE.
 */
import { realpathSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { countBus } from './counting/bus.js';
import { countPostgres } from './counting/postgres.js';
import { countSqlite } from './counting/sqlite.js';
import { bySql, tally } from './counting/tally.js';

const out = process.env.BENCH_COUNTS_FILE;
// Resolve the drivers and the bus the way the service does (from its own folder up to node_modules),
// so the prototypes patched are those of the module instances it loads.
const serviceRequire = createRequire(process.argv[1] ?? `${process.cwd()}/`);
const fromService = async <T>(name: string): Promise<T> => (await import(pathToFileURL(realpathSync(serviceRequire.resolve(name))).href)) as T;

const url = process.env.DATABASE_URL ?? 'sqlite:';
if (/^postgres(ql)?:/i.test(url)) countPostgres(((await fromService<{ default: unknown }>('pg')).default ?? {}) as Parameters<typeof countPostgres>[0]);
else countSqlite(((await fromService<{ default: unknown }>('better-sqlite3')).default) as Parameters<typeof countSqlite>[0]);
countBus(await fromService<Parameters<typeof countBus>[0]>('@nestjs/cqrs'));

let snapshots = 0;
process.on('SIGUSR2', () => {
  if (out) writeFileSync(`${out}.snap-${++snapshots}`, JSON.stringify(tally));
});

process.on('exit', () => {
  if (!out) return;
  const statements = [...bySql.entries()].map(([sql, c]) => ({ sql: sql.length > 300 ? `${sql.slice(0, 300)}…` : sql, ...c }));
  writeFileSync(
    out,
    JSON.stringify({
      ...tally,
      distinct: statements.length,
      executed: statements.reduce((a, s) => a + s.executed, 0),
      bySql: statements.sort((a, b) => b.executed - a.executed),
    }),
  );
});
