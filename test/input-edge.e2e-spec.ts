import { describe, expect, it } from '@jest/globals';
import { aRegistration, register, waitForSaga } from './support/sagas.js';
import { suiteApp, TEST_KEYS } from './support/test-app.js';

const VIEWER = { Authorization: `Bearer ${TEST_KEYS.viewer}` };
const OPERATOR = { Authorization: `Bearer ${TEST_KEYS.operator}` };
const ADMIN = { Authorization: `Bearer ${TEST_KEYS.admin}` };
const b64 = (text: string) => Buffer.from(text).toString('base64url');

/**
 * The inputs the trust issue reported (500s, cheap denial of service, lookalike e-mails, loose
 * numbers, wrong media types), each pinned with the status and message it now gets. The same
 * answers on SQLite and PostgreSQL (npm run test:postgres).
 */
describe('input at the edge', () => {
  const t = suiteApp({ RATE_LIMIT_PER_MINUTE: '0' });

  const postRaw = (path: string, text: string, contentType = 'application/json') => t.http.post(path).set(OPERATOR).set('content-type', contentType).send(text);
  const expectRefused = (response: { status: number; body: Record<string, unknown> }, status: number, message: string | string[]) => {
    expect({ status: response.status, message: response.body.message }).toEqual({ status, message });
    expect(response.body).toMatchObject({ statusCode: status, error: expect.any(String) });
  };

  describe('what answered 500', () => {
    it('an amount in exponent form (1e-7): 400, not the validator throwing', async () => {
      expectRefused(await postRaw('/registrations', JSON.stringify(aRegistration()).replace('99.99', '1e-7')), 400, ['amount must be a number with at most 2 decimals (USD)']);
    });

    it('a lone surrogate in the e-mail: 400', async () => {
      const body = '{"email":"\\ud800a@example.com","amount":10,"paymentMethod":"pm_card_visa"}';
      expectRefused(await postRaw('/registrations', body), 400, 'Request body must not contain lone UTF-16 surrogates');
    });

    it.each([
      ['3,001 levels of arrays', `{"a":${'['.repeat(3_000)}${']'.repeat(3_000)}}`],
      ['5,000 levels of objects', `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`],
    ])('%s: 400', async (_, body) => {
      expectRefused(await postRaw('/registrations', body), 400, 'Request body must not nest deeper than 32 levels');
    });

    it('NUL in a body string: 400', async () => {
      const body = JSON.stringify(aRegistration({ name: 'Ada\u0000Lovelace' }));
      expectRefused(await postRaw('/registrations', body), 400, 'Request body must not contain NUL characters (\\u0000)');
    });

    it.each([
      ['GET /users/a%00b', () => t.http.get('/users/a%00b').set(VIEWER)],
      ['GET /sagas/a%00b', () => t.http.get('/sagas/a%00b')],
      ['GET /incidents/a%00b', () => t.http.get('/incidents/a%00b').set(VIEWER)],
      ['POST /sagas/a%00b/retry', () => t.http.post('/sagas/a%00b/retry').set(OPERATOR)],
      ['POST /incidents/a%00b/resolve', () => t.http.post('/incidents/a%00b/resolve').set(OPERATOR).send({ note: 'x' })],
    ])('NUL in a path id, %s: 400', async (_, send) => {
      expectRefused(await send(), 400, 'id must be well-formed text without NUL characters');
    });

    it('NUL in a query value: 400', async () => {
      expectRefused(await t.http.get('/payments?userId=a%00b').set(VIEWER), 400, 'userId must be well-formed text without NUL characters');
    });

    it.each([
      ['/users', () => t.http.get(`/users/${'a'.repeat(65)}`).set(VIEWER)],
      ['/sagas', () => t.http.get(`/sagas/${'a'.repeat(65)}`)],
      ['/sagas/:id/retry', () => t.http.post(`/sagas/${'a'.repeat(65)}/retry`).set(OPERATOR)],
    ])('an id longer than any the service makes, %s: 400', async (_, send) => {
      expectRefused(await send(), 400, 'id must be at most 64 characters');
    });

    it.each([
      ['past the int8 range', b64('99999999999999999999:abc')],
      ['past the safe integers', b64('9007199254740993:abc')],
      ['with NUL in its id', b64('1795660000123:a\u0000b')],
      ['not base64url', 'garbage!'],
    ])('a cursor %s: 400', async (_, cursor) => {
      expectRefused(await t.http.get('/sagas').query({ cursor }).set(VIEWER), 400, ['cursor is not one this API returned']);
    });

    it('an unknown but well-formed id is still 404', async () => {
      expect((await t.http.get('/users/does-not-exist').set(VIEWER)).status).toBe(404);
      expect((await t.http.post('/sagas/does-not-exist/retry').set(OPERATOR)).status).toBe(404);
    });
  });

  describe('cheap CPU denial of service', () => {
    it('33,000 {} in an array: a small 400 before anything parses it', async () => {
      const response = await postRaw('/registrations', `[${Array(33_000).fill('{}').join(',')}]`);
      expectRefused(response, 400, 'Request body must be a JSON object');
      expect(response.text.length).toBeLessThan(200);
    });

    it.each(['1', '"ada@example.com"', 'null', '[]'])('a body that is not an object (%s): 400', async (body) => {
      expectRefused(await postRaw('/registrations', body), 400, 'Request body must be a JSON object');
    });

    it('20,000 rules: 400 on the count of values', async () => {
      const body = `{"rules":[${Array(20_000).fill('{}').join(',')}]}`;
      expectRefused(await t.http.put('/admin/faults').set(ADMIN).set('content-type', 'application/json').send(body), 400, 'Request body must not hold more than 1000 values');
    });

    it('900 unknown fields: a 400 that lists the first 10', async () => {
      const body = JSON.stringify({ ...aRegistration(), ...Object.fromEntries(Array.from({ length: 900 }, (_, i) => [`k${i}`, 1])) });
      const response = await postRaw('/registrations', body);
      expectRefused(response, 400, Array.from({ length: 10 }, (_, i) => `property k${i} should not exist`));
    });

    it('an unknown field with a 90 kB name: its message is cut', async () => {
      const response = await postRaw('/registrations', JSON.stringify({ ...aRegistration(), ['k'.repeat(90_000)]: 1 }));
      expect(response.status).toBe(400);
      expect(response.text.length).toBeLessThan(1_000);
    });

    it('a body over 100 kB is still 413', async () => {
      expectRefused(await postRaw('/registrations', JSON.stringify({ ...aRegistration(), name: 'x'.repeat(110_000) })), 413, 'request entity too large');
    });
  });

  describe('lookalike e-mails, names, currencies, loose numbers', () => {
    it.each([
      ['zero-width space', '\u200b', 'U+200B'],
      ['soft hyphen', '\u00ad', 'U+00AD'],
      ['left-to-right mark', '\u200e', 'U+200E'],
      ['right-to-left mark', '\u200f', 'U+200F'],
      ['bidi embedding', '\u202a', 'U+202A'],
      ['bidi isolate', '\u2066', 'U+2066'],
      ['byte order mark', '\ufeff', 'U+FEFF'],
    ])('an e-mail with a %s is refused, not a second account', async (_, char, name) => {
      const body = aRegistration();
      await register(t.http, body);
      const lookalike = { ...body, email: body.email.replace('@', `${char}@`) };
      expectRefused(await t.http.post('/registrations').send(lookalike), 400, [`email must not contain invisible, control or bidi characters (${name})`]);
    });

    it('e-mails are compared in NFC with the domain lower-cased: a decomposed é and EXAMPLE.COM are the same address', async () => {
      const body = aRegistration({ email: `ren\u00e9.${Date.now()}@example.com` });
      const saga = await register(t.http, body);
      expect(saga.email).toBe(body.email);
      const same = { ...body, email: body.email.replace('\u00e9', 'e\u0301').replace('example.com', 'EXAMPLE.COM') };
      const conflict = await t.http.post('/registrations').send(same);
      expect(conflict.status).toBe(409);
      expect(conflict.body.code).toBe('REGISTRATION.EMAIL_TAKEN');
    });

    it.each([
      ['a bell', 'Ada\u0007Lovelace', 'U+0007'],
      ['an escape', 'Ada\u001b[31m', 'U+001B'],
      ['a line break', 'Ada\nLovelace', 'U+000A'],
      ['a right-to-left override', 'Ada\u202eecalevoL', 'U+202E'],
    ])('a name with %s: 400', async (_, name, char) => {
      expectRefused(await t.http.post('/registrations').send(aRegistration({ name })), 400, [`name must not contain control, line-break or bidi characters (${char})`]);
    });

    it('a name with a zero-width non-joiner, as Persian spells names, is taken', async () => {
      expect((await t.http.post('/registrations').send(aRegistration({ name: 'نیک\u200cنام' }))).status).toBe(202);
    });

    it.each(['XXX', 'XAU', 'XDR', 'XTS'])('currency %s, which is not money: 400', async (currency) => {
      expectRefused(await t.http.post('/registrations').send(aRegistration({ currency })), 400, [`currency ${currency} is not money that can be charged (ISO 4217 gives it no minor unit)`]);
    });

    it('JPY 99.99: 400; USD 1.234: 400', async () => {
      expectRefused(await t.http.post('/registrations').send(aRegistration({ amount: 99.99, currency: 'JPY' })), 400, ['amount must be a whole number of JPY']);
      expectRefused(await t.http.post('/registrations').send(aRegistration({ amount: 1.234 })), 400, ['amount must be a number with at most 2 decimals (USD)']);
    });

    it.each([
      ['JPY', 100, 100],
      ['BHD', 1.234, 1.234],
      ['USD', 99.99, 99.99],
    ])('%s %p is charged in its minor unit and shown as %p', async (currency, amount, shown) => {
      const saga = await waitForSaga(t.http, (await register(t.http, aRegistration({ amount, currency: currency.toLowerCase() }))).sagaId);
      expect(saga.status).toBe('COMPLETED');
      expect(saga.steps[1].output).toMatchObject({ amount: shown, currency });
      const payments = await t.http.get('/payments').query({ userId: saga.userId }).set(VIEWER).expect(200);
      expect(payments.body[0]).toMatchObject({ amount: shown, currency, status: 'CHARGED' });
    });

    it('an amount written 1e2 is the number 100', async () => {
      const response = await postRaw('/registrations', JSON.stringify(aRegistration()).replace('99.99', '1e2'));
      expect(response.status).toBe(202);
      expect(response.body.amount).toBe(100);
    });

    it.each(['wait=0x1', 'wait=1e1', 'wait= 5', 'wait=-1', 'wait=31', 'wait=5.0'])('Prefer: %s is 400', async (prefer) => {
      expectRefused(await t.http.post('/registrations').set('Prefer', prefer).send(aRegistration()), 400, 'Prefer: wait must be a whole number of seconds from 0 to 30');
    });

    it.each(['0x10', '1e1', ' 5', '5.0', '', '+5'])('GET /sagas?limit=%j is 400', async (limit) => {
      const response = await t.http.get(`/sagas?limit=${encodeURIComponent(limit)}`).set(VIEWER);
      expect(response.status).toBe(400);
      expect(response.body.message).toContain('limit must be a whole number in decimal digits');
    });

    it('GET /sagas?limit=05 is a page of 5', async () => {
      expect((await t.http.get('/sagas?limit=05').set(VIEWER)).status).toBe(200);
    });
  });

  describe('media types', () => {
    it.each([
      ['a form', 'application/x-www-form-urlencoded', 'email=ada%40example.com&amount=10'],
      ['text', 'text/plain', 'hello'],
      ['multipart', 'multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="email"\r\n\r\nada@example.com\r\n--x--\r\n'],
      ['XML', 'application/xml', '<email>ada@example.com</email>'],
    ])('%s body: 415', async (_, contentType, body) => {
      expectRefused(await postRaw('/registrations', body, contentType), 415, 'Request body must be application/json');
    });

    it('a body in another charset: 415', async () => {
      expect((await postRaw('/registrations', '{}', 'application/json; charset=latin1')).status).toBe(415);
    });

    it.each(['utf-16le', 'UTF-16', '"utf-16le"', 'utf-32'])('a body in charset=%s, which body-parser would decode: 415', async (charset) => {
      const body = Buffer.from(JSON.stringify(aRegistration()), 'utf16le');
      const response = await t.http.post('/registrations').set('content-type', `application/json; charset=${charset}`).send(body);
      expectRefused(response, 415, `Request body must be application/json in UTF-8, not ${charset.replace(/"/g, '').toLowerCase()}`);
    });

    it.each(['application/json; charset=UTF-8', 'application/json; charset="utf-8"', 'application/json'])('%s is read as UTF-8', async (contentType) => {
      expect((await postRaw('/registrations', JSON.stringify(aRegistration()), contentType)).status).toBe(202);
    });

    it('a bodiless POST without Content-Type (retry) is not a 415', async () => {
      const response = await t.http.post('/sagas/does-not-exist/retry').set(OPERATOR);
      expect(response.status).toBe(404);
    });
  });
});
