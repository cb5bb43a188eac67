/**
 * What the service refuses inside strings, shared by the validators of this folder and the
 * route-input pipe. Each pattern names the characters by Unicode property rather than listing
 * them, so a new invisible character in a later Unicode version is refused as well.
 */

/** A lone UTF-16 surrogate: with the `u` flag a well-formed pair is one code point and does not match. */
const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * Characters that print as nothing or steer how text around them is shown: controls (Cc),
 * format characters (Cf: zero-width space and joiners, soft hyphen, LRM/RLM, bidi embeddings,
 * overrides and isolates, the BOM), line and paragraph separators, and the rest of
 * Default_Ignorable_Code_Point (Hangul fillers, variation selectors, tags). Two addresses that
 * differ only by one of these look identical, so an e-mail holding one is refused.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/u;

/**
 * What a display name may not hold: controls, line breaks, and the bidi controls that make a name
 * render differently from its characters (an RLO turns "evil.exe" around). Joiners (ZWJ, ZWNJ)
 * stay allowed: several scripts need them to spell names.
 */
const NAME_FORBIDDEN = /[\p{Cc}\p{Zl}\p{Zp}\p{Bidi_Control}\uFEFF\uFFF9-\uFFFB]/u;

/** True when `text` is well-formed UTF-16 without NUL: what every database can store. */
export function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && !LONE_SURROGATE.test(text);
}

/** The first invisible or control character in `text` as `U+XXXX`, or null. */
export function firstInvisible(text: string): string | null {
  return codePointName(INVISIBLE.exec(text)?.[0]);
}

/** The first character a name may not hold, as `U+XXXX`, or null. */
export function firstForbiddenInName(text: string): string | null {
  return codePointName(NAME_FORBIDDEN.exec(text)?.[0]);
}

function codePointName(char: string | undefined): string | null {
  return char === undefined ? null : `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Only ASCII blanks are trimmed: trimming Unicode space would silently drop a BOM that should be refused. */
export const trimAsciiSpace = (text: string) => text.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
