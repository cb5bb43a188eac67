/**
 * The counters of the counting preload (bench/counting-preload.ts), inside the service process:
 * statements, committed transactions and bus messages. Plain numbers, so a snapshot is a copy.
 */

export interface Tally {
  /** SQL statements run (better-sqlite3: Statement#run/all/get/iterate and each statement of an exec; pg: each statement of a query text). */
  statements: number;
  /** better-sqlite3 Database#prepare calls (pg: 0). */
  prepared: number;
  /** pg Client#query calls: round trips to PostgreSQL (better-sqlite3: 0). */
  roundTrips: number;
  /** Committed transactions that wrote something, explicit or a lone write statement (autocommit). */
  writeCommits: number;
  /**
   * Of writeCommits, those whose every write went to the sandbox providers' ledger: the stand-ins
   * for the card network and the mail provider keep their records in the service's database,
   * where a real provider's would be its own. Reported apart from the service's budget.
   */
  standInCommits: number;
  /** Of writeCommits, the lone write statements outside any transaction. */
  autocommitWrites: number;
  /** Committed transactions that only read. */
  readCommits: number;
  rollbacks: number;
  /** @nestjs/cqrs EventBus#publish (and each event of publishAll). */
  events: number;
  /** @nestjs/cqrs CommandBus#execute. */
  commands: number;
  /** @nestjs/cqrs QueryBus#execute. */
  queries: number;
}

export const tally: Tally = { statements: 0, prepared: 0, roundTrips: 0, writeCommits: 0, standInCommits: 0, autocommitWrites: 0, readCommits: 0, rollbacks: 0, events: 0, commands: 0, queries: 0 };

/** Per statement text, for the --sql-stats table written at exit. */
export const bySql = new Map<string, SqlEntry>();

export interface SqlEntry {
  prepared: number;
  executed: number;
  /** Microseconds spent inside the driver's call (better-sqlite3 runs on the main thread; pg: 0). */
  micros: number;
}

export function noteSql(sql: string, field: 'prepared' | 'executed'): SqlEntry {
  let entry = bySql.get(sql);
  if (!entry) bySql.set(sql, (entry = { prepared: 0, executed: 0, micros: 0 }));
  entry[field]++;
  return entry;
}

/** Runs a driver call and adds its duration to the statement's entry. */
export function timed<T>(entry: SqlEntry, run: () => T): T {
  const start = performance.now();
  try {
    return run();
  } finally {
    entry.micros += (performance.now() - start) * 1000;
  }
}

/** A statement that changes data or schema, by its text (for pg and SQLite's exec, where no driver flag tells). */
export function isWriteSql(sql: string): boolean {
  return (
    /^\s*(INSERT|UPDATE|DELETE|REPLACE|MERGE|UPSERT|CREATE|DROP|ALTER|TRUNCATE)\b/i.test(sql) ||
    (/^\s*WITH\b/i.test(sql) && /\b(INSERT\s+INTO|UPDATE\s+[\w."]+(\s+(AS\s+)?\w+)?\s+SET|DELETE\s+FROM)\b/i.test(sql))
  );
}

/** A write statement to the sandbox providers' ledger (see Tally.standInCommits). */
export function isStandInWrite(sql: string): boolean {
  return /\bsandbox_requests\b/i.test(sql);
}

/** Splits a query text on semicolons outside quotes, comments and dollar quotes; empty parts dropped. */
export function splitSql(text: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '"' || c === '`') {
      const end = text.indexOf(c, i + 1);
      i = end < 0 ? text.length : end;
    } else if (c === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (c === '$') {
      const tag = /^\$\w*\$/.exec(text.slice(i))?.[0];
      if (tag) {
        const end = text.indexOf(tag, i + tag.length);
        i = end < 0 ? text.length : end + tag.length - 1;
      }
    } else if (c === ';') {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter(Boolean);
}
