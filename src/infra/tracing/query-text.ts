/**
 * A statement's text with every string literal replaced by `?`: what a trace may show of a
 * coalesced round trip (database/pg-coalescing-transaction.ts), whose values `inlineParameters`
 * (database/pg-literal.ts) wrote into the text, an e-mail address or a name among them. Reads
 * both forms node-postgres's `escapeLiteral` writes: `'...'` with doubled quotes, and `E'...'`
 * with backslashes doubled too. The SQL's own constants (`status = 'PENDING'`) go as well;
 * nothing else of the text changes.
 *
 * Apart from pg-literal.ts because the tracing preload imports it, and must not load `pg`
 * before the pg instrumentation's require hook is in place.
 */
export function withoutLiterals(sql: string): string {
  // Quoted identifiers are matched too, to be skipped whole: a quote inside one opens no literal.
  return sql.replace(/"(?:[^"]|"")*"|\bE'(?:[^'\\]|''|\\[\s\S])*'|'(?:[^']|'')*'/g, (token) => (token.startsWith('"') ? token : '?'));
}
