/**
 * Decimal digits only: what a header or query parameter holding a count must look like. `Number()`
 * and class-transformer's `@Type(() => Number)` also read "0x10", "1e1", " 5", "" and "5.0" as
 * numbers, so a client's typo or probe was taken as a value it never wrote.
 */
const DECIMAL_DIGITS = /^[0-9]{1,15}$/;

/** The whole number `text` spells in decimal digits, or null. */
export function parseStrictInteger(text: string): number | null {
  return DECIMAL_DIGITS.test(text) ? Number(text) : null;
}

/**
 * For `@Transform` on a query DTO field: a string of decimal digits becomes its number; anything
 * else is left as it came, for the field's `@IsInt()` to refuse.
 */
export const strictIntegerQuery = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? (parseStrictInteger(value) ?? value) : value;
