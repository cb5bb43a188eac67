import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { type JsonBodyLimits, scanJsonBody } from './json-body-scan.js';

const scan = (text: string, limits?: JsonBodyLimits) => scanJsonBody(Buffer.from(text, 'utf8'), limits);
const nest = (depth: number) => `{"a":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;

describe('scanJsonBody', () => {
  it('passes an ordinary object, an empty body and one with a BOM or leading blanks', () => {
    expect(scan('{"email":"ada@example.com","amount":99.99,"name":"Ada \\"the\\" Countess \\\\ \\u00e9 \\ud83d\\ude00"}')).toBeNull();
    expect(scan('')).toBeNull();
    expect(scan('\ufeff \n\t{}')).toBeNull();
  });

  it.each(['[]', '[{}]', '1', '"text"', 'null', 'true'])('refuses %s: the body must be an object', (text) => {
    expect(scan(text)).toBe('Request body must be a JSON object');
  });

  it('refuses nesting deeper than the limit, counting only brackets outside strings', () => {
    expect(scan(nest(32))).toBeNull();
    expect(scan(nest(33))).toBe('Request body must not nest deeper than 32 levels');
    expect(scan(`{"a":"${'['.repeat(100)}"}`)).toBeNull();
    expect(scan(`{"a\\"[[[[":"\\\\"}`, { maxDepth: 1, maxValues: 10 })).toBeNull();
  });

  it('refuses more values than the limit', () => {
    expect(scan(`{"a":[${Array(999).fill(1).join(',')}]}`)).toBeNull();
    expect(scan(`{"a":[${Array(1_000).fill(1).join(',')}]}`)).toBe('Request body must not hold more than 1000 values');
    expect(scan(`{"a":"${','.repeat(5_000)}"}`)).toBeNull();
  });

  it('refuses NUL and lone surrogates spelled as escapes, in values and keys; passes pairs and escaped backslashes', () => {
    expect(scan('{"a":"x\\u0000"}')).toBe('Request body must not contain NUL characters (\\u0000)');
    expect(scan('{"\\ud800a":1}')).toBe('Request body must not contain lone UTF-16 surrogates');
    expect(scan('{"a":"\\udc00"}')).toBe('Request body must not contain lone UTF-16 surrogates');
    expect(scan('{"a":"\\uD800\\u0041"}')).toBe('Request body must not contain lone UTF-16 surrogates');
    expect(scan('{"a":"\\uD83D\\uDE00"}')).toBeNull();
    expect(scan('{"a":"\\\\u0000"}')).toBeNull();
    expect(scan('{"a":"\\u00"}')).toBe('Request body is not valid JSON');
  });

  /** What the scan must decide, computed the slow way from the parsed value. */
  function reference(value: unknown, maxDepth: number): string | null {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'Request body must be a JSON object';
    let refusal: string | null = null;
    const visit = (v: unknown, depth: number) => {
      if (typeof v === 'string') {
        if (v.includes('\u0000')) refusal ??= 'nul';
        else if (/\p{Surrogate}/u.test(v)) refusal ??= 'surrogate';
      } else if (v !== null && typeof v === 'object') {
        if (depth > maxDepth) refusal ??= 'deep';
        for (const [key, child] of Object.entries(v)) {
          if (!Array.isArray(v)) visit(key, depth);
          visit(child, depth + 1);
        }
      }
    };
    visit(value, 1);
    return refusal;
  }

  it('agrees with parsing and walking the value, for any JSON text (lone surrogates and NUL included)', () => {
    const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit));
    const text = fc.string({ unit: fc.oneof(anyUnit, fc.constantFrom('\u0000', '\ud800', '\udc00', '"', '\\', '[', '{', ',')), maxLength: 6 });
    const value = fc.letrec<{ node: unknown }>((tie) => ({
      node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, text, fc.double(), fc.boolean(), fc.constant(null), fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(text, tie('node'), { maxKeys: 3 })),
    })).node;
    fc.assert(
      fc.property(value, fc.integer({ min: 1, max: 5 }), (v, maxDepth) => {
        const verdict = scan(JSON.stringify(v), { maxDepth, maxValues: Number.POSITIVE_INFINITY });
        const expected = reference(v, maxDepth);
        expect(verdict === null).toBe(expected === null);
        if (expected === 'Request body must be a JSON object') expect(verdict).toBe(expected);
      }),
      { numRuns: 2_000 },
    );
  });
});
