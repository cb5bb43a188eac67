/**
 * A cheap look at a JSON request body's raw bytes, before `JSON.parse` and long before
 * class-transformer and class-validator walk it: those recurse per level and allocate per
 * element, so a 100 kB body of 33,000 `{}` or 3,000 levels of nesting costs hundreds of
 * milliseconds of the one JavaScript thread (or overflows its stack), while this is one pass
 * over the bytes with no allocation.
 *
 * It also refuses the two strings JSON can spell that the rest of the service cannot hold: a NUL
 * (`\u0000`, which PostgreSQL refuses in text) and a lone UTF-16 surrogate (`\ud800`, on which
 * validator.js's isEmail throws). Raw bytes cannot produce either: a raw control character is not
 * valid JSON, and the UTF-8 decoder turns an encoded surrogate into U+FFFD, so only the `\u`
 * escapes need looking at.
 *
 * Hand-written because no maintained package does this pre-parse check; the parsing itself stays
 * with body-parser.
 */

export interface JsonBodyLimits {
  /** Deepest nesting of objects and arrays. */
  maxDepth: number;
  /** Most values: objects, arrays and comma-separated members or elements (an approximation that never undercounts containers). */
  maxValues: number;
}

/** Far above what any route takes (a registration is depth 1; 100 fault rules are depth 3 and about 600 values). */
export const JSON_BODY_LIMITS: JsonBodyLimits = { maxDepth: 32, maxValues: 1_000 };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LETTER_U = 0x75;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;

const isJsonSpace = (byte: number) => byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;

/** The value of the 4 hex digits at `at`, or -1. */
function hex4(bytes: Uint8Array, at: number): number {
  if (at + 4 > bytes.length) return -1;
  let value = 0;
  for (let i = at; i < at + 4; i++) {
    const b = bytes[i];
    const digit = b >= 0x30 && b <= 0x39 ? b - 0x30 : b >= 0x61 && b <= 0x66 ? b - 0x57 : b >= 0x41 && b <= 0x46 ? b - 0x37 : -1;
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

/**
 * Why this body is refused, or null when it may go on to `JSON.parse` (which still refuses
 * anything that is not JSON). An empty body passes: body-parser turns it into `{}`.
 */
export function scanJsonBody(bytes: Uint8Array, limits: JsonBodyLimits = JSON_BODY_LIMITS): string | null {
  const n = bytes.length;
  let i = 0;
  // A UTF-8 byte order mark, which body-parser's decoder drops.
  if (n >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  while (i < n && isJsonSpace(bytes[i])) i++;
  if (i === n) return null;
  if (bytes[i] !== OPEN_BRACE) return 'Request body must be a JSON object';
  let depth = 0;
  let values = 0;
  for (; i < n; i++) {
    const b = bytes[i];
    if (b === QUOTE) {
      for (i++; i < n && bytes[i] !== QUOTE; i++) {
        if (bytes[i] !== BACKSLASH) continue;
        i++;
        if (bytes[i] !== LETTER_U) continue; // a one-character escape, skipped with the loop's i++
        const unit = hex4(bytes, i + 1);
        if (unit < 0) return 'Request body is not valid JSON';
        i += 4;
        if (unit === 0) return 'Request body must not contain NUL characters (\\u0000)';
        if (unit >= 0xdc00 && unit <= 0xdfff) return 'Request body must not contain lone UTF-16 surrogates';
        if (unit >= 0xd800 && unit <= 0xdbff) {
          const low = bytes[i + 1] === BACKSLASH && bytes[i + 2] === LETTER_U ? hex4(bytes, i + 3) : -1;
          if (low < 0xdc00 || low > 0xdfff) return 'Request body must not contain lone UTF-16 surrogates';
          i += 6;
        }
      }
    } else if (b === OPEN_BRACE || b === OPEN_BRACKET) {
      if (++depth > limits.maxDepth) return `Request body must not nest deeper than ${limits.maxDepth} levels`;
      if (++values > limits.maxValues) return `Request body must not hold more than ${limits.maxValues} values`;
    } else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
      depth--;
    } else if (b === COMMA) {
      if (++values > limits.maxValues) return `Request body must not hold more than ${limits.maxValues} values`;
    }
  }
  return null;
}
