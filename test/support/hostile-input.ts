/**
 * fast-check arbitraries for the fuzz suite: requests to the routes that take a body, mixing
 * bodies of the right shape (with each field drawn from valid and hostile values) and bodies
 * meant to break a parser, a validator or a database.
 */
import fc from 'fast-check';

export interface FuzzRequest {
  method: 'post' | 'put';
  path: string;
  headers: Record<string, string>;
  /** Sent as is: a string (UTF-8) or raw bytes; undefined sends no body. */
  body: string | Buffer | undefined;
}

/** Any UTF-16 code unit, lone surrogates included. */
const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit));
const ODD_CHARACTERS = ['\u0000', '\u0007', '\u001b', '\u007f', '\u00ad', '\u200b', '\u200d', '\u200e', '\u200f', '\u202a', '\u202e', '\u2066', '\u2028', '\ufeff', '\ud800', '\udfff', '\ud83d\ude00', 'e\u0301', '\u3164', '\uffff'];
const oddCharacter = fc.constantFrom(...ODD_CHARACTERS);
/** Text with a fair share of the characters that caused trouble. */
export const oddText = (maxLength = 40) =>
  fc.string({ unit: fc.oneof({ weight: 3, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) }, { weight: 2, arbitrary: oddCharacter }, { weight: 1, arbitrary: anyCodeUnit }), maxLength });

const freshEmail = fc.uuid().map((uuid) => `fuzz-${uuid}@example.com`);

const email = fc.oneof(
  { weight: 4, arbitrary: freshEmail },
  { weight: 1, arbitrary: freshEmail.map((e) => e.toUpperCase()) },
  { weight: 2, arbitrary: fc.tuple(freshEmail, oddCharacter, fc.nat(12)).map(([e, c, at]) => e.slice(0, at) + c + e.slice(at)) },
  { weight: 1, arbitrary: fc.emailAddress() },
  { weight: 1, arbitrary: oddText(300) },
  { weight: 1, arbitrary: fc.constantFrom('', '@', 'a@b', `${'a'.repeat(250)}@example.com`, '\ud800a@example.com', 'a@example.com\u0000') },
);

const amount = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 100_000_000 }).map((cents) => cents / 100) },
  { weight: 2, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, 1e-7, 5e-324, 1e21, 1e308, 1_000_000, 1_000_000.01, 99.999, 0.30000000000000004, Number.MAX_SAFE_INTEGER + 2) },
  { weight: 1, arbitrary: fc.oneof(fc.string(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 })) },
);

const currency = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('USD', 'EUR', 'JPY', 'BHD', 'CLF', 'KWD', 'usd', 'jpy') },
  { weight: 2, arbitrary: fc.constantFrom('XXX', 'XAU', 'XDR', 'XTS', 'XYZ', 'US', 'USDD', '', 'U\u0000D') },
  { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), oddText(4)) },
);

const paymentMethod = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('pm_card_visa', 'pm_card_mastercard', 'pm_card_chargeDeclined', 'pm_card_chargeDeclinedInsufficientFunds') },
  { weight: 1, arbitrary: fc.oneof(oddText(20), fc.integer(), fc.constant('pm_card_visa\u0000')) },
);

/** A value of any JSON type, unicode oddities in its strings. */
const anyJson = fc.jsonValue({ maxDepth: 3 });
const extraFields = fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), oddText(8), fc.constantFrom('__proto__', 'constructor', 'prototype')), anyJson, { maxKeys: 3 });

/** A registration, each field valid or hostile, sometimes missing, sometimes with extra fields. */
const registration = fc
  .record(
    { email, name: fc.oneof(fc.string({ maxLength: 30 }), oddText(), fc.string({ minLength: 199, maxLength: 202 }), anyJson), amount, currency, paymentMethod },
    { requiredKeys: ['email', 'amount', 'paymentMethod'] },
  )
  .chain((body) => fc.oneof({ weight: 4, arbitrary: fc.constant(body) }, { weight: 1, arbitrary: extraFields.map((extra) => ({ ...extra, ...body })) }));

const faultRule = fc.record(
  {
    operation: fc.oneof(fc.constantFrom('users.create', 'users.delete', 'payments.charge', 'payments.refund', 'notifications.send', 'notifications.cancel'), oddText(12)),
    mode: fc.oneof(fc.constantFrom('error', 'hang'), anyJson),
    message: fc.oneof(fc.string({ maxLength: 20 }), oddText(), anyJson),
    times: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.double(), anyJson),
    // Only e-mails no fuzzed registration uses: the rules must not slow the run with hanging sagas.
    email: fc.oneof(fc.constant('nobody@fuzz.invalid'), oddText(30), anyJson),
  },
  { requiredKeys: [] },
);
const faultRules = fc.oneof(
  { weight: 4, arbitrary: fc.record({ rules: fc.array(faultRule, { maxLength: 4 }) }) },
  { weight: 1, arbitrary: fc.record({ rules: fc.oneof(anyJson, fc.array(fc.constant({}), { minLength: 101, maxLength: 300 })) }) },
);

const note = fc.record({ note: fc.oneof(fc.string({ maxLength: 30 }), oddText(), fc.string({ minLength: 1999, maxLength: 2001 }), anyJson) }, { requiredKeys: [] });

const nest = (depth: number, open: string, close: string, inner = '1') => open.repeat(depth) + inner + close.repeat(depth);

/** Raw text meant for the parser: nesting, sheer size, escapes a database cannot store, numbers JSON allows. */
const hostileText = fc.oneof(
  fc.integer({ min: 30, max: 40_000 }).map((depth) => `{"a":${nest(depth, '[', ']')}}`),
  fc.integer({ min: 30, max: 20_000 }).map((depth) => nest(depth, '{"a":', '}')),
  fc.integer({ min: 1, max: 33_000 }).map((n) => `[${Array(n).fill('{}').join(',')}]`),
  fc.integer({ min: 900, max: 20_000 }).map((n) => `{"email":"a@example.com","rules":[${Array(n).fill('{}').join(',')}]}`),
  fc.integer({ min: 900, max: 12_000 }).map((n) => `{${Array.from({ length: n }, (_, i) => `"k${i}":1`).join(',')}}`),
  fc.constantFrom('1', '"text"', 'null', 'true', '[]', '{}', '', ' ', '{', '{"email": ', '{"a":1}}', '\ufeff{}', '{"amount":1e400}', '{"amount":-0}', '{"amount":1E-7}'),
  fc.constantFrom('{"email":"\\u0000"}', '{"email":"\\ud800a@example.com"}', '{"\\udc00":1}', '{"note":"\\ud83d\\ude00"}', '{"email":"\\u00"}', '{"a":"\\\\u0000"}'),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.json({ maxDepth: 4 }),
);

const hostileBytes = fc.oneof(
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
  // UTF-8 of a surrogate, an overlong NUL, and a truncated sequence inside a JSON string.
  fc.constantFrom('{"email":"\xed\xa0\x80@example.com"}', '{"email":"\xc0\x80"}', '{"name":"\xe2\x82"}').map((text) => Buffer.from(text, 'latin1')),
  fc.integer({ min: 100_001, max: 120_000 }).map((size) => Buffer.alloc(size, 0x20)),
);

const json = (value: unknown) => JSON.stringify(value);

const pathId = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('does-not-exist', 'INC-2000-01-01-001', '01a23356-ab57-714f-9681-af2b665e27fa') },
  { weight: 2, arbitrary: oddText(20).map((text) => encodeSegment(text)) },
  { weight: 1, arbitrary: fc.constantFrom('a%00b', '%ED%A0%80', '%FF', '%E0%A4%A', '%', 'a'.repeat(65), 'a'.repeat(300), '..', '%2F', '%20') },
);

/** Percent-encodes every UTF-16 unit's UTF-8 (lone surrogates as the bytes of U+FFFD would be wrong: kept as their 3-byte form, which is invalid UTF-8). */
function encodeSegment(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) out += `%ED%${(0xa0 | ((code >> 6) & 0x1f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`;
    else out += encodeURIComponent(char);
  }
  return out || 'x';
}

const contentType = fc.oneof(
  { weight: 12, arbitrary: fc.constant('application/json') },
  { weight: 2, arbitrary: fc.constantFrom('none', 'application/json; charset=utf-8', 'application/json; charset=latin1', 'application/JSON', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/merge-patch+json', '', 'application/json; charset=utf-16') },
);

const headers = fc.record(
  {
    'content-type': contentType,
    prefer: fc.oneof(fc.constantFrom('wait=0', 'wait=31', 'wait=0x1', 'wait=1e1', 'wait= 5', 'wait=-1', 'wait=', 'wait', 'respond-async', 'wait=00', 'wait="0"', 'WAIT=0', 'handling=strict; wait=0'), fc.string({ unit: 'binary-ascii', maxLength: 20 })),
    'idempotency-key': fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), fc.string({ unit: 'binary-ascii', minLength: 250, maxLength: 300 })),
  },
  { requiredKeys: ['content-type'] },
);

/** Header values Node's client refuses to send (control characters) are dropped: the server never sees them. */
const sendable = (all: Record<string, string>) =>
  Object.fromEntries(Object.entries(all).filter(([, value]) => value !== 'none' && /^[\t\x20-\x7e\x80-\xff]*$/.test(value) && value.trim() !== ''));

const bodyFor = (shaped: fc.Arbitrary<unknown>): fc.Arbitrary<string | Buffer | undefined> =>
  fc.oneof(
    { weight: 6, arbitrary: shaped.map(json) },
    { weight: 3, arbitrary: hostileText },
    { weight: 1, arbitrary: hostileBytes },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );

/** One request to one of the four routes that take a body (PUT /admin/faults needs FAULT_INJECTION=on). */
export function fuzzRequest(knownIds: { sagaId: string; incidentId: string }): fc.Arbitrary<FuzzRequest> {
  const id = fc.oneof({ weight: 1, arbitrary: fc.constantFrom(knownIds.sagaId, knownIds.incidentId) }, { weight: 3, arbitrary: pathId });
  const route = fc.oneof(
    { weight: 5, arbitrary: fc.record({ method: fc.constant('post' as const), path: fc.constant('/registrations'), body: bodyFor(registration) }) },
    { weight: 2, arbitrary: fc.record({ method: fc.constant('post' as const), path: id.map((i) => `/sagas/${i}/retry`), body: bodyFor(anyJson) }) },
    { weight: 2, arbitrary: fc.record({ method: fc.constant('post' as const), path: id.map((i) => `/incidents/${i}/resolve`), body: bodyFor(note) }) },
    { weight: 2, arbitrary: fc.record({ method: fc.constant('put' as const), path: fc.constant('/admin/faults'), body: bodyFor(faultRules) }) },
  );
  return fc.tuple(route, headers).map(([r, h]) => ({ ...r, headers: sendable(h) }));
}
