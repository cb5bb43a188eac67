/**
 * The e-mail among a saga's search keys (`|email:ada@example.com|userId:…|`), as one SQL
 * expression per dialect, so GET /sagas?email= and the console find a customer's sagas through
 * an index (IDX_sagas_email_key, migration ConsoleIndexes1796173300000) instead of reading every
 * saga's keys. The text must stay exactly the migration's: SQLite uses an index on an expression
 * only when the query spells the same expression (test/console-indexes.e2e-spec.ts checks the
 * plan). Everything up to the next `|`: an address that holds a `|` itself is narrowed to the
 * part before it, and the exact needle match that follows (instr/strpos) keeps the answer exact.
 */
export const EMAIL_KEY_EXPRESSION = {
  sqlite:
    "CASE WHEN instr(search_keys, '|email:') > 0 THEN substr(search_keys, instr(search_keys, '|email:') + 7, " +
    "instr(substr(search_keys, instr(search_keys, '|email:') + 7), '|') - 1) END",
  postgres: "split_part(split_part(search_keys, '|email:', 2), '|', 1)",
} as const;

/** The value the expression holds for sagas about this e-mail. */
export const emailKeyOf = (email: string) => email.split('|')[0];
