import pg from 'pg';

/** node-postgres's own conversion of a parameter to its text form (exported as `pg.utils`, untyped). */
const { prepareValue } = (pg as unknown as { utils: { prepareValue(value: unknown): unknown } }).utils;

/**
 * A parameterised statement (`$1`, `$2`, ...) with each placeholder replaced by its value as a
 * literal, so that several statements can travel in one simple-query round trip
 * (pg-coalescing-transaction.ts). Values are converted the way node-postgres converts parameters
 * (`prepareValue`: JSON for objects, PostgreSQL arrays, dates) and quoted by its `escapeLiteral`;
 * a quoted literal is of unknown type, as an untyped parameter is, so the server resolves both
 * from the same context.
 *
 * Returns null, and the caller runs the statement with its parameters instead, whenever the
 * text is not one this can read with certainty: comments, dollar quoting, escape strings
 * (`E'...'`, `U&'...'`), several statements, an unterminated literal, a placeholder without a
 * value. And for a value that cannot be written as text: binary data, or a string holding NUL,
 * which the simple-query protocol would cut the statement at (the server refuses NUL in text
 * anyway, and on the parameter path says so with its own error).
 */
export function inlineParameters(sql: string, values: readonly unknown[]): string | null {
  let out = '';
  let copiedTo = 0;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    if (c === "'" || c === '"') {
      // A prefixed string (E'', U&'', B'', X'') has its own escapes: not ours to read.
      if (c === "'" && i > 0 && /[A-Za-z0-9_&]/.test(sql[i - 1])) return null;
      const end = closing(sql, i, c);
      if (end < 0) return null;
      i = end;
    } else if (c === '$') {
      let end = i + 1;
      while (end < sql.length && sql[end] >= '0' && sql[end] <= '9') end++;
      // `$$` or `$tag$`: dollar quoting.
      if (end === i + 1) return null;
      const index = Number(sql.slice(i + 1, end)) - 1;
      if (index < 0 || index >= values.length) return null;
      const value = literal(values[index]);
      if (value === null) return null;
      out += sql.slice(copiedTo, i) + value;
      copiedTo = end;
      i = end - 1;
    } else if (c === ';' || (c === '-' && sql[i + 1] === '-') || (c === '/' && sql[i + 1] === '*')) {
      return null;
    }
  }
  return out + sql.slice(copiedTo);
}

/** Where the literal or quoted identifier opened at `start` by `quote` ends (doubled quotes inside), or -1. */
function closing(sql: string, start: number, quote: string): number {
  for (let i = start + 1; i < sql.length; i++) {
    if (sql[i] !== quote) continue;
    if (sql[i + 1] === quote) i++;
    else return i;
  }
  return -1;
}

/** `value` as a SQL literal, or null when it has no safe text form (binary, NUL). */
export function literal(value: unknown): string | null {
  const prepared = prepareValue(value);
  if (prepared === null || prepared === undefined) return 'NULL';
  if (typeof prepared !== 'string' || prepared.includes('\0')) return null;
  return pg.escapeLiteral(prepared);
}
