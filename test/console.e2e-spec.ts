import { afterAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { aRegistration, register, setFaults, waitForSaga } from './support/sagas.js';
import { removeDatabases, startTestApp, suiteApp, TEST_KEYS, type TestApp } from './support/test-app.js';

const FORM = 'application/x-www-form-urlencoded';

/** Signs in through the form; the session cookie and the page's CSRF token. */
async function signIn(t: TestApp, secret: string) {
  const answer = await request(t.app.getHttpServer()).post('/console/sign-in').type('form').send({ secret, next: '/console' }).expect(303);
  const cookie = (answer.headers['set-cookie'] as unknown as string[])[0];
  const page = await request(t.app.getHttpServer()).get('/console').set('Cookie', cookie.split(';')[0]).expect(200);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
  return { cookie, header: cookie.split(';')[0], csrf };
}

const bare = (t: TestApp) => request(t.app.getHttpServer());

describe('operator console: access', () => {
  const t = suiteApp();

  it('sends a browser without a session to the sign-in page, which anyone may open', async () => {
    for (const path of ['/console', '/console/incidents', '/console/sagas/some-id']) {
      const answer = await bare(t).get(path).expect(303);
      expect(answer.headers.location).toBe(`/console/sign-in?next=${encodeURIComponent(path)}`);
    }
    const page = await bare(t).get('/console/sign-in').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('<label for="secret">API key secret</label>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    // A bearer key is not a console session: the cookie alone opens /console.
    await bare(t).get('/console').set('Authorization', `Bearer ${TEST_KEYS.admin}`).expect(303);
  });

  it('a wrong secret is a 401 page that says so, and sets no cookie', async () => {
    const answer = await bare(t).post('/console/sign-in').type('form').send({ secret: 'not-a-key-of-this-service-0123456789' }).expect(401);
    expect(answer.headers['set-cookie']).toBeUndefined();
    expect(answer.text).toContain('That secret is not one of this service’s API keys.');
    expect(answer.text).toContain('role="alert"');
  });

  it('a right secret gives an HttpOnly, SameSite=Strict cookie for /console that holds no secret', async () => {
    const { cookie } = await signIn(t, TEST_KEYS.operator);
    expect(cookie).toMatch(/^console_session=test-operator\.\d{13}\.[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/console');
    expect(cookie).toMatch(/Max-Age=28800/);
    expect(cookie).not.toContain(TEST_KEYS.operator);
    // Not the API's: the cookie does not open GET /sagas.
    await bare(t).get('/sagas').set('Cookie', cookie.split(';')[0]).expect(401);
  });

  it('refuses a forged or tampered cookie as no session at all', async () => {
    const { header } = await signIn(t, TEST_KEYS.viewer);
    const forged = header.replace('test-viewer', 'test-admin');
    await bare(t).get('/console').set('Cookie', forged).expect(303);
    const later = header.replace(/\.(\d{13})\./, (_, expiry: string) => `.${Number(expiry) + 1000}.`);
    expect((await bare(t).get('/console').set('Cookie', later).expect(303)).headers.location).toContain('ended=1');
  });

  it('refuses an action without the CSRF token (403), and with another session’s token', async () => {
    const operator = await signIn(t, TEST_KEYS.operator);
    const other = await signIn(t, TEST_KEYS.admin);
    const { sagaId } = await register(t.http, aRegistration());
    const missing = await bare(t).post(`/console/sagas/${sagaId}/cancel`).set('Cookie', operator.header).type('form').send({ reason: 'no token' }).expect(403);
    expect(missing.text).toContain('CSRF token is missing or wrong');
    await bare(t).post(`/console/sagas/${sagaId}/cancel`).set('Cookie', operator.header).type('form').send({ reason: 'wrong token', _csrf: other.csrf }).expect(403);
    await bare(t).post('/console/sign-out').set('Cookie', operator.header).type('form').send({}).expect(403);
  });

  it('refuses a cross-site form post even with the session and its token', async () => {
    const operator = await signIn(t, TEST_KEYS.operator);
    await bare(t).post('/console/sagas/x/retry').set('Cookie', operator.header).set('Sec-Fetch-Site', 'cross-site').type('form').send({ note: 'n', _csrf: operator.csrf }).expect(403);
    await bare(t).post('/console/sign-in').set('Sec-Fetch-Site', 'cross-site').type('form').send({ secret: TEST_KEYS.operator }).expect(403);
  });

  it('offers a viewer no action, and refuses one with a 403 page', async () => {
    const body = aRegistration();
    await setFaults(t.http, [{ operation: 'notifications.send', mode: 'error', message: 'SMTP down' }, { operation: 'payments.refund', mode: 'error', message: 'gateway down' }]);
    const { sagaId } = await register(t.http, body);
    const saga = await waitForSaga(t.http, sagaId);
    await setFaults(t.http, []);
    expect(saga.status).toBe('PARTIALLY_ROLLED_BACK');
    const viewer = await signIn(t, TEST_KEYS.viewer);
    const page = await bare(t).get(`/console/sagas/${sagaId}`).set('Cookie', viewer.header).expect(200);
    expect(page.text).toContain('partially rolled back');
    expect(page.text).not.toContain('<form class="action"');
    const refused = await bare(t).post(`/console/sagas/${sagaId}/retry`).set('Cookie', viewer.header).type('form').send({ note: 'try', _csrf: viewer.csrf }).expect(403);
    expect(refused.text).toContain('This needs the operator role; you are signed in as test-viewer, a viewer');
    // The operator's page offers it; the action is recorded with the actor, as the API records it.
    const operator = await signIn(t, TEST_KEYS.operator);
    expect((await bare(t).get(`/console/sagas/${sagaId}`).set('Cookie', operator.header).expect(200)).text).toContain(`action="/console/sagas/${sagaId}/retry"`);
    const done = await bare(t).post(`/console/sagas/${sagaId}/retry`).set('Cookie', operator.header).type('form').send({ note: 'gateway back', _csrf: operator.csrf }).expect(303);
    expect(done.headers.location).toBe(`/console/sagas/${sagaId}?done=retried`);
    const after = await waitForSaga(t.http, sagaId);
    expect(after.status).toBe('ROLLED_BACK');
    expect(after.history.find((h) => h.type === 'CompensationRetryRequested')?.data).toEqual(expect.objectContaining({ actor: 'test-operator', note: 'gateway back' }));
  });

  it('shows the API’s refusal as a page: a 409 for a retry the engine refuses, a 400 for a missing note, a 404 for an unknown saga', async () => {
    const operator = await signIn(t, TEST_KEYS.operator);
    const { sagaId } = await register(t.http, aRegistration(), { Prefer: 'wait=10' });
    const conflict = await bare(t).post(`/console/sagas/${sagaId}/retry`).set('Cookie', operator.header).type('form').send({ note: 'again', _csrf: operator.csrf }).expect(409);
    expect(conflict.text).toContain('only a PARTIALLY_ROLLED_BACK saga');
    const missing = await bare(t).post(`/console/sagas/${sagaId}/retry`).set('Cookie', operator.header).type('form').send({ _csrf: operator.csrf }).expect(400);
    expect(missing.text).toContain('note must be');
    await bare(t).get('/console/sagas/no-such-saga').set('Cookie', operator.header).expect(404);
    const bad = await bare(t).get('/console?status=DONE').set('Cookie', operator.header).expect(400);
    expect(bad.text).toContain('status must be one of the following values');
  });

  it('takes a form body only under /console/: elsewhere a form is still 415', async () => {
    await bare(t).post('/registrations').set('Content-Type', FORM).send('email=a%40example.com').expect(415);
  });

  it('signs out: the cookie is cleared', async () => {
    const viewer = await signIn(t, TEST_KEYS.viewer);
    const out = await bare(t).post('/console/sign-out').set('Cookie', viewer.header).type('form').send({ _csrf: viewer.csrf }).expect(303);
    expect(out.headers.location).toBe('/console/sign-in');
    expect((out.headers['set-cookie'] as unknown as string[])[0]).toMatch(/^console_session=;.*Expires=Thu, 01 Jan 1970/);
  });
});

describe('operator console: a key rotated away', () => {
  afterAll(() => removeDatabases());

  it('ends that key’s sessions: a cookie signed under the old secret is refused once the key has a new one', async () => {
    const before = await startTestApp();
    const { header } = await signIn(before, TEST_KEYS.operator);
    await bare(before).get('/console').set('Cookie', header).expect(200);
    await before.close();
    const rotated = await startTestApp({ DATABASE_URL: before.databaseUrl, API_KEYS: `test-operator:operator:rotated-secret-0123456789abcdef` });
    try {
      await bare(rotated).get('/console').set('Cookie', header).expect(303);
      const fresh = await signIn(rotated, 'rotated-secret-0123456789abcdef');
      await bare(rotated).get('/console').set('Cookie', fresh.header).expect(200);
    } finally {
      await rotated.close();
    }
  });
});
