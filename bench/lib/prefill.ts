import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import Database from 'better-sqlite3';

export interface PrefillResult {
  sagas: number;
  rows: number;
  seconds: number;
  rowsPerSaga: Record<string, number>;
  fileMiB: number;
}

type Param = string | number | bigint | null;

/**
 * A version-7 UUID (time-ordered) for the clone created at `ms`: the `slot`-th identifier of that
 * clone. Time-ordered ids make every id index an append, which keeps a prefill of a million sagas
 * within a minute; the live inserts of the run still use the service's random v4 ids.
 */
function uuidV7(ms: number, slot: number): string {
  const time = ms.toString(16).padStart(12, '0');
  const tail = randomUUID().slice(24);
  return `${time.slice(0, 8)}-${time.slice(8)}-7${slot.toString(16).padStart(3, '0')}-8000-${tail}`;
}
type Piece = string | number; // literal text, or the index of a token to substitute
type ColumnValue = { kind: 'const'; value: Param } | { kind: 'time'; value: number } | { kind: 'text'; pieces: Piece[] };

interface Token {
  text: string;
  make: (i: number, ms: number, slot: number) => string;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
/** Provider ids such as ch_6b3a12eb75662d0c30f1418d, msg_..., re_... */
const PROVIDER_ID = /\b([a-z]{2,5})_([0-9a-f]{16,32})\b/g;
const isEpochMs = (value: unknown): value is number => typeof value === 'number' && value > 1e12 && value < 1e13;

/**
 * Stores `count` more finished sagas in a SQLite file by cloning one real saga: every row of every
 * table that mentions the template saga's id (the saga, its steps and history, the user, payment,
 * notification and the sandbox's ledger) is inserted again per clone, with fresh (time-ordered)
 * UUIDs and provider ids, a unique e-mail, and times moved into the past (one clone every
 * `spacingMs`, oldest first). Prepared statements, one transaction per `batch` clones, no journal:
 * the file is a scratch copy.
 */
export function prefillFromTemplate(dbPath: string, templateSagaId: string, templateEmail: string, count: number, tag: string, batch = 25_000, spacingMs = 50): PrefillResult {
  const started = performance.now();
  const db = new Database(dbPath);
  try {
    // Out of WAL (a huge transaction would be written twice, to the WAL and back), into a journal
    // in memory (better-sqlite3's defensive mode refuses OFF).
    db.pragma('journal_mode = DELETE');
    db.pragma('journal_mode = MEMORY');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -2000000');
    db.pragma('temp_store = MEMORY');
    db.pragma('locking_mode = EXCLUSIVE');

    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as { name: string }[]).map((t) => t.name);
    const templates: Array<{ table: string; columns: string[]; row: Record<string, Param> }> = [];
    for (const table of tables) {
      for (const row of db.prepare(`SELECT * FROM "${table}"`).all() as Record<string, Param>[]) {
        if (Object.values(row).some((v) => typeof v === 'string' && v.includes(templateSagaId))) templates.push({ table, columns: Object.keys(row), row });
      }
    }
    if (!templates.some((t) => t.table === 'sagas')) throw new Error(`prefill: saga ${templateSagaId} not found in ${dbPath}`);

    // Every identifier of the template, each replaced by a fresh one per clone.
    const tokens = new Map<string, Token>();
    tokens.set(templateEmail, { text: templateEmail, make: (i) => `stored-${String(i).padStart(9, '0')}-${tag}@example.com` });
    for (const { row } of templates) {
      for (const value of Object.values(row)) {
        if (typeof value !== 'string') continue;
        for (const [uuid] of value.matchAll(UUID)) if (!tokens.has(uuid)) tokens.set(uuid, { text: uuid, make: (_i, ms, slot) => uuidV7(ms, slot) });
        for (const [id, prefix, hex] of value.matchAll(PROVIDER_ID)) {
          if (!tokens.has(id)) tokens.set(id, { text: id, make: () => `${prefix}_${randomUUID().replace(/-/g, '').slice(0, hex.length)}` });
        }
      }
    }
    const tokenList = [...tokens.values()];
    const anyToken = new RegExp(tokenList.map((t) => t.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
    const origin = Math.min(...templates.flatMap(({ row }) => Object.values(row).filter(isEpochMs)));

    const compile = (value: Param): ColumnValue => {
      if (isEpochMs(value)) return { kind: 'time', value: value - origin };
      if (typeof value !== 'string') return { kind: 'const', value };
      const pieces: Piece[] = [];
      let last = 0;
      for (const match of value.matchAll(anyToken)) {
        if (match.index! > last) pieces.push(value.slice(last, match.index));
        pieces.push(tokenList.findIndex((t) => t.text === match[0]));
        last = match.index! + match[0].length;
      }
      if (pieces.length === 0) return { kind: 'const', value };
      if (last < value.length) pieces.push(value.slice(last));
      return { kind: 'text', pieces };
    };
    // Per table, the template's rows; inserted CHUNK clones at a time by one multi-row INSERT.
    const byTable = new Map<string, { columns: string[]; rows: ColumnValue[][] }>();
    for (const { table, columns, row } of templates) {
      const entry = byTable.get(table) ?? { columns, rows: [] };
      entry.rows.push(columns.map((column) => compile(row[column])));
      byTable.set(table, entry);
    }
    const CHUNK = 16;
    const inserts = [...byTable.entries()].map(([table, { columns, rows }]) => {
      const tuple = `(${columns.map(() => '?').join(', ')})`;
      const statement = (clones: number) =>
        db.prepare(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${new Array(rows.length * clones).fill(tuple).join(', ')}`);
      return { rows, full: statement(CHUNK), single: statement(1), params: new Array<Param>(rows.length * columns.length * CHUNK) };
    });

    const now = origin;
    const fresh = Array.from({ length: CHUNK }, () => new Array<string>(tokenList.length));
    const bases = new Array<number>(CHUNK);
    const insertBatch = db.transaction((from: number, to: number) => {
      for (let i = from; i < to; ) {
        const clones = to - i >= CHUNK ? CHUNK : 1;
        for (let j = 0; j < clones; j++) {
          bases[j] = now - (count - (i + j)) * spacingMs;
          for (let t = 0; t < tokenList.length; t++) fresh[j][t] = tokenList[t].make(i + j, bases[j], t);
        }
        for (const insert of inserts) {
          const params = clones === CHUNK ? insert.params : new Array<Param>(insert.rows.length * insert.rows[0].length);
          let p = 0;
          for (let j = 0; j < clones; j++) {
            for (const row of insert.rows) {
              for (const v of row) {
                if (v.kind === 'const') params[p++] = v.value;
                else if (v.kind === 'time') params[p++] = bases[j] + v.value;
                else {
                  let text = '';
                  for (const piece of v.pieces) text += typeof piece === 'number' ? fresh[j][piece] : piece;
                  params[p++] = text;
                }
              }
            }
          }
          (clones === CHUNK ? insert.full : insert.single).run(params);
        }
        i += clones;
      }
    });
    for (let from = 0; from < count; from += batch) insertBatch(from, Math.min(count, from + batch));
    db.pragma('journal_mode = WAL');

    const rowsPerSaga: Record<string, number> = {};
    for (const { table } of templates) rowsPerSaga[table] = (rowsPerSaga[table] ?? 0) + 1;
    return {
      sagas: count,
      rows: count * templates.length,
      seconds: Math.round((performance.now() - started) / 100) / 10,
      rowsPerSaga,
      fileMiB: Math.round(statSync(dbPath).size / 1024 / 1024),
    };
  } finally {
    db.close();
  }
}

/** Rows per table and sagas per status, read directly from the file (after the server stopped). */
export function countSqlite(dbPath: string): { sagasByStatus: Record<string, number>; tables: Record<string, number> } {
  const db = new Database(dbPath, { readonly: true });
  try {
    const sagasByStatus = Object.fromEntries(
      (db.prepare('SELECT status, COUNT(*) AS n FROM sagas GROUP BY status').all() as { status: string; n: number }[]).map((r) => [r.status, r.n]),
    );
    const tables: Record<string, number> = {};
    for (const { name } of db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as { name: string }[]) {
      tables[name] = (db.prepare(`SELECT COUNT(*) AS n FROM "${name}"`).get() as { n: number }).n;
    }
    return { sagasByStatus, tables };
  } finally {
    db.close();
  }
}
