import { describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { aRegistration, register, setFaults, type SagaView, waitForSaga } from './support/sagas.js';
import { bearer, suiteApp, type TestApp } from './support/test-app.js';

type Caller = 'none' | 'wrong' | 'viewer' | 'operator' | 'admin';
type Level = 'anyone' | 'viewer' | 'operator' | 'admin';
const CALLERS: Caller[] = ['none', 'wrong', 'viewer', 'operator', 'admin'];
const RANK: Record<Caller, number> = { none: -1, wrong: -1, viewer: 0, operator: 1, admin: 2 };
const LEVEL_RANK: Record<Exclude<Level, 'anyone'>, number> = { viewer: 0, operator: 1, admin: 2 };

interface Route {
  level: Level;
  method: 'get' | 'post' | 'put' | 'delete';
  /** Built once the suite's saga exists. */
  path: (ids: Ids) => string;
  body?: () => object;
  /** What the route answers a caller it admits (unknown ids for actions: the handler ran). */
  allowed: number;
}
interface Ids {
  sagaId: string;
}

/** Every route of the contract with its access level (CONTRACT.md, Access). */
const ROUTES: Route[] = [
  { level: 'anyone', method: 'post', path: () => '/registrations', body: () => aRegistration(), allowed: 202 },
  { level: 'anyone', method: 'get', path: (ids) => `/sagas/${ids.sagaId}`, allowed: 200 },
  { level: 'anyone', method: 'get', path: () => '/health', allowed: 200 },
  { level: 'anyone', method: 'get', path: () => '/metrics', allowed: 200 },
  { level: 'anyone', method: 'get', path: () => '/docs', allowed: 200 },
  { level: 'anyone', method: 'get', path: () => '/docs-json', allowed: 200 },
  { level: 'viewer', method: 'get', path: () => '/sagas', allowed: 200 },
  { level: 'viewer', method: 'get', path: () => '/users/no-such-user', allowed: 404 },
  { level: 'viewer', method: 'get', path: () => '/payments?userId=nobody', allowed: 200 },
  { level: 'viewer', method: 'get', path: () => '/notifications?userId=nobody', allowed: 200 },
  { level: 'viewer', method: 'get', path: () => '/incidents', allowed: 200 },
  { level: 'viewer', method: 'get', path: () => '/incidents/INC-2000-01-01-001', allowed: 404 },
  { level: 'operator', method: 'post', path: () => '/sagas/no-such-saga/retry', allowed: 404 },
  { level: 'operator', method: 'post', path: () => '/incidents/INC-2000-01-01-001/resolve', body: () => ({ note: 'refunded by hand' }), allowed: 404 },
  { level: 'admin', method: 'get', path: () => '/admin/faults', allowed: 200 },
  { level: 'admin', method: 'put', path: () => '/admin/faults', body: () => ({ rules: [] }), allowed: 200 },
  { level: 'admin', method: 'delete', path: () => '/admin/faults', allowed: 204 },
];

function expected(route: Route, caller: Caller): number {
  if (route.level === 'anyone') return route.allowed;
  if (caller === 'none' || caller === 'wrong') return 401;
  return RANK[caller] >= LEVEL_RANK[route.level] ? route.allowed : 403;
}

function send(t: TestApp, route: Route, ids: Ids, caller: Caller) {
  // A bare agent: t.http would add the admin key.
  let call = request(t.app.getHttpServer())[route.method](route.path(ids));
  if (caller === 'wrong') call = call.set('Authorization', 'Bearer not-a-key-of-this-service-0123456789');
  else if (caller !== 'none') call = call.set('Authorization', bearer(caller));
  return route.body ? call.send(route.body()) : call;
}

describe('access matrix: every route × every kind of caller', () => {
  const t = suiteApp();
  const ids: Ids = { sagaId: '' };

  it('answers each caller with the status of the contract', async () => {
    ids.sagaId = (await register(t.http, aRegistration())).sagaId;
    const table: string[] = [];
    const mismatches: string[] = [];
    for (const route of ROUTES) {
      for (const caller of CALLERS) {
        const response = await send(t, route, ids, caller);
        const want = expected(route, caller);
        const row = `${route.method.toUpperCase()} ${route.path(ids)} as ${caller}: ${response.status}`;
        table.push(row);
        if (response.status !== want) mismatches.push(`${row}, expected ${want}: ${JSON.stringify(response.body)}`);
        if (want === 401) {
          expect(response.headers['www-authenticate']).toMatch(/^Bearer( |$)/);
        }
        if (want === 401 || want === 403) {
          expect(response.body).toEqual({ statusCode: want, error: want === 401 ? 'Unauthorized' : 'Forbidden', message: expect.any(String) });
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(table).toHaveLength(ROUTES.length * CALLERS.length);
  });

  it('documents the access of each route in the OpenAPI document: a bearer scheme, 401 and 403 where a key is needed', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body;
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const openApiPath = (path: string) => path.replace(/\?.*$/, '').replace(/^\/sagas\/[^/]+$/, '/sagas/{id}').replace(/^\/(users|incidents|sagas)\/[^/]+/, '/$1/{id}');
    for (const route of ROUTES.filter((r) => !r.path(ids).startsWith('/docs'))) {
      const operation = doc.paths[openApiPath(route.path(ids))][route.method];
      const keyed = route.level !== 'anyone';
      expect([route.method, route.path(ids), Boolean(operation.security), '401' in operation.responses, '403' in operation.responses]).toEqual([
        route.method,
        route.path(ids),
        keyed,
        keyed,
        keyed,
      ]);
    }
  });

  it('says which role a refused key lacks, and which key it was, never its secret', async () => {
    const refused = await request(t.app.getHttpServer()).post('/sagas/x/retry').set('Authorization', bearer('viewer')).expect(403);
    expect(refused.body.message).toBe('This route needs the operator role; the key test-viewer has viewer');
  });

  it('reads the scheme case-insensitively and refuses other schemes as no credential', async () => {
    await request(t.app.getHttpServer()).get('/sagas').set('Authorization', bearer('viewer').replace('Bearer', 'bearer')).expect(200);
    const basic = await request(t.app.getHttpServer()).get('/sagas').set('Authorization', 'Basic dGVzdDp0ZXN0').expect(401);
    expect(basic.headers['www-authenticate']).toBe('Bearer realm="registration-saga"');
  });

  it("records the operator key's name as the actor of a retry and of a resolution", async () => {
    const operator = request.agent(t.app.getHttpServer()).set('Authorization', bearer('operator'));
    const [retried, resolved] = [aRegistration(), aRegistration()];
    await setFaults(t.http, [
      { operation: 'notifications.send', mode: 'error', message: 'SMTP connection timeout', email: retried.email },
      { operation: 'payments.refund', mode: 'error', message: 'Payment gateway down', times: 5, email: retried.email },
      { operation: 'payments.charge', mode: 'error', email: resolved.email },
      { operation: 'users.delete', mode: 'error', email: resolved.email },
    ]);
    const [a, b] = await Promise.all([retried, resolved].map(async (body) => waitForSaga(t.http, (await register(t.http, body)).sagaId)));
    expect([a.status, b.status]).toEqual(['PARTIALLY_ROLLED_BACK', 'PARTIALLY_ROLLED_BACK']);

    await operator.post(`/sagas/${a.sagaId}/retry`).expect(202);
    const afterRetry = await waitForSaga(t.http, a.sagaId, (s) => s.status === 'ROLLED_BACK');
    expect(afterRetry.history.find((h) => h.type === 'CompensationRetryRequested')?.data).toMatchObject({ actor: 'test-operator' });

    const incident = await operator.post(`/incidents/${b.incidentId}/resolve`).send({ note: 'deleted by hand' }).expect(200);
    expect(incident.body).toMatchObject({ status: 'RESOLVED', note: 'deleted by hand', resolvedBy: 'test-operator' });
    expect((await t.http.get(`/incidents/${b.incidentId}`).expect(200)).body.resolvedBy).toBe('test-operator');
    // Mended by the retry rather than by hand: the actor is the retry's, in the history.
    expect((await t.http.get(`/incidents/${a.incidentId}`).expect(200)).body).toMatchObject({ status: 'RESOLVED', resolvedBy: null });
    const afterResolve = (await t.http.get(`/sagas/${b.sagaId}`).expect(200)).body as SagaView;
    expect(afterResolve.history.at(-1)).toMatchObject({ type: 'IncidentResolved', data: { note: 'deleted by hand', actor: 'test-operator' } });
  });
});

describe('cross-site requests', () => {
  const t = suiteApp();

  it('refuse any state-changing request a browser marks cross-site, even with a valid key, and change nothing', async () => {
    const body = aRegistration();
    const crossSite = await t.http.post('/registrations').set('Sec-Fetch-Site', 'cross-site').send(body).expect(403);
    expect(crossSite.body).toEqual({ statusCode: 403, error: 'Forbidden', message: 'A request from another site may not change anything' });
    await t.http.put('/admin/faults').set('Sec-Fetch-Site', 'cross-site').send({ rules: [{ operation: 'payments.charge', mode: 'error' }] }).expect(403);
    await t.http.post('/sagas/x/retry').set('Origin', 'https://evil.example').expect(403);

    expect((await t.http.get('/admin/faults').set('Sec-Fetch-Site', 'cross-site').expect(200)).body.rules).toEqual([]);
    expect((await t.http.get('/sagas').expect(200)).body.items).toEqual([]);
    // The same request from our own origin, or from a script with no browser headers, goes through.
    await t.http.post('/registrations').set('Sec-Fetch-Site', 'same-origin').send(body).expect(202);
  });
});

describe('without API_KEYS', () => {
  const t = suiteApp({ API_KEYS: '' });

  it('answers only the routes open to anyone; every other route is 401, whatever is sent', async () => {
    const ids: Ids = { sagaId: (await register(t.http, aRegistration())).sagaId };
    const statuses = await Promise.all(
      ROUTES.map(async (route) => [route.level, route.path(ids), (await send(t, route, ids, 'admin')).status] as const),
    );
    for (const [level, path, status] of statuses) {
      const route = ROUTES.find((r) => r.path(ids) === path && r.level === level)!;
      expect([path, status]).toEqual([path, level === 'anyone' ? route.allowed : 401]);
    }
  });
});
