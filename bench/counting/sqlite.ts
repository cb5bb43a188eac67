/**
 * Counts what better-sqlite3 runs: wraps Database#prepare/exec and Statement#run/all/get/iterate
 * (read-only instrumentation: each wrapper calls the original with the same arguments). A
 * transaction's end is seen as `db.inTransaction` turning false after a statement, which covers
 * BEGIN/COMMIT sent as statements and `db.transaction()`'s own (its COMMIT is a Statement#run too).
 * Whether a statement writes is SQLite's own answer (`stmt.readonly`, sqlite3_stmt_readonly).
 */
import { isStandInWrite, isWriteSql, noteSql, splitSql, tally, timed } from './tally.js';

interface Db {
  inTransaction: boolean;
  prepare(sql: string): unknown;
  close(): void;
}
interface Statement {
  source: string;
  readonly: boolean;
  database: Db;
}

/** Databases with a write in their open transaction; `serviceDirty`: one not to the stand-ins' ledger. */
const dirty = new WeakSet<Db>();
const serviceDirty = new WeakSet<Db>();

function commitWrite(serviceWrote: boolean): void {
  tally.writeCommits++;
  if (!serviceWrote) tally.standInCommits++;
}

function observe<T>(db: Db, write: boolean, standIn: boolean, rollback: boolean, run: () => T): T {
  const wasInTransaction = db.inTransaction;
  let failed = true;
  try {
    const result = run();
    failed = false;
    return result;
  } finally {
    const inTransaction = db.inTransaction;
    if (write && !failed) {
      if (wasInTransaction || inTransaction) {
        dirty.add(db);
        if (!standIn) serviceDirty.add(db);
      } else {
        commitWrite(!standIn);
        tally.autocommitWrites++;
      }
    }
    if (wasInTransaction && !inTransaction) {
      if (failed || rollback) tally.rollbacks++;
      else if (dirty.has(db)) commitWrite(serviceDirty.has(db));
      else tally.readCommits++;
      dirty.delete(db);
      serviceDirty.delete(db);
    }
  }
}

export function countSqlite(Database: { prototype: Record<string, unknown> } & (new (path: string) => Db)): void {
  const proto = Database.prototype;
  const prepare = proto.prepare as (this: Db, ...args: unknown[]) => Statement;
  proto.prepare = function (this: Db, sql: string, ...rest: unknown[]) {
    tally.prepared++;
    return timed(noteSql(sql, 'prepared'), () => prepare.call(this, sql, ...rest));
  };
  const exec = proto.exec as (this: Db, sql: string) => unknown;
  proto.exec = function (this: Db, sql: string) {
    const statements = splitSql(sql);
    tally.statements += statements.length;
    const entry = noteSql(sql, 'executed');
    const writes = statements.filter(isWriteSql);
    return observe(this, writes.length > 0, writes.every(isStandInWrite), statements.some((s) => /^ROLLBACK\b(?!\s+TO\b)/i.test(s)), () => timed(entry, () => exec.call(this, sql)));
  };
  const probe = new Database(':memory:');
  const Statement = Object.getPrototypeOf(prepare.call(probe, 'SELECT 1')) as Record<string, unknown>;
  probe.close();
  for (const method of ['run', 'all', 'get', 'iterate']) {
    const original = Statement[method] as (this: Statement, ...args: unknown[]) => unknown;
    Statement[method] = function (this: Statement, ...args: unknown[]) {
      tally.statements++;
      const entry = noteSql(this.source, 'executed');
      return observe(this.database, !this.readonly, isStandInWrite(this.source), /^\s*ROLLBACK\b(?!\s+TO\b)/i.test(this.source), () => timed(entry, () => original.apply(this, args)));
    };
  }
}
