import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { aRegistration, setFaults, waitForSaga } from './support/sagas.js';
import { removeDatabases, startTestApp, suiteApp, type TestApp } from './support/test-app.js';

type Schema = {
  $ref?: string;
  enum?: unknown[];
  pattern?: string;
  description?: string;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
};
interface Operation {
  parameters?: Array<{ name: string; in: string }>;
  requestBody?: { content: Record<string, { schema: Schema; examples?: Record<string, { value: { paymentMethod: string } }> }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
}
interface OpenApiDocument {
  openapi: string;
  info: { title: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const SANDBOX_METHODS = ['pm_card_visa', 'pm_card_mastercard', 'pm_card_chargeDeclinedInsufficientFunds', 'pm_card_chargeDeclined'];

/** Every route of CONTRACT.md, as OpenAPI writes it. */
const CONTRACT_ROUTES = [
  'post /registrations',
  'get /sagas',
  'get /sagas/{id}',
  'post /sagas/{id}/retry',
  'get /users/{id}',
  'get /payments',
  'get /notifications',
  'get /incidents',
  'get /incidents/{id}',
  'post /incidents/{id}/resolve',
  'put /admin/faults',
  'get /admin/faults',
  'delete /admin/faults',
  'get /health',
  'get /metrics',
];

describe('OpenAPI document', () => {
  let t: TestApp;
  let doc: OpenApiDocument;
  beforeAll(async () => {
    t = await startTestApp();
    doc = (await t.http.get('/docs-json').expect(200).expect('content-type', /json/)).body;
  });
  afterAll(async () => {
    await t.close();
    await removeDatabases();
  });

  const resolve = (schema: Schema): Schema => (schema.$ref ? resolve(doc.components.schemas[schema.$ref.split('/').pop()!]) : schema);
  const schemaOf = (name: string) => {
    const schema = doc.components.schemas[name];
    if (!schema) throw new Error(`No schema ${name}; have ${Object.keys(doc.components.schemas).join(', ')}`);
    return schema;
  };
  const responseSchema = (method: string, path: string, status: number) => resolve(doc.paths[path][method].responses[status].content!['application/json'].schema);
  /** Every field of `body` is documented, and every field documented as required is in `body`. */
  const expectDocumented = (body: object, schema: Schema) => {
    const { properties = {}, required = [] } = resolve(schema);
    expect(Object.keys(body).filter((field) => !(field in properties))).toEqual([]);
    expect(required.filter((field) => !(field in body))).toEqual([]);
  };

  it('serves Swagger UI at /docs', async () => {
    const response = await t.http.get('/docs').expect(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.text).toMatch(/swagger-ui/i);
  });

  it('serves the document as JSON only: /docs-yaml is an unknown route', async () => {
    await t.http.get('/docs-yaml').expect(404);
  });

  it('describes the service', () => {
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.title).toBe('Registration saga service');
  });

  it('lists every route of the contract with its method', () => {
    const routes = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method} ${path}`));
    for (const route of CONTRACT_ROUTES) expect(routes).toContain(route);
  });

  it('documents POST /registrations: its statuses, headers and body', () => {
    const operation = doc.paths['/registrations'].post;
    expect(Object.keys(operation.responses).sort()).toEqual(expect.arrayContaining(['200', '202', '400', '409', '413', '422']));
    const headers = (operation.parameters ?? []).filter((p) => p.in === 'header').map((p) => p.name.toLowerCase());
    expect(headers).toEqual(expect.arrayContaining(['idempotency-key', 'prefer']));
    expect(new Set(headers).size).toBe(headers.length);

    const body = operation.requestBody!.content['application/json'];
    expect(body.schema.$ref).toBe('#/components/schemas/RegisterDto');
    const examples = Object.values(body.examples ?? {}).map((e) => e.value.paymentMethod);
    expect(examples.sort()).toEqual([...SANDBOX_METHODS].sort());
    for (const status of [200, 202]) expect(responseSchema('post', '/registrations', status)).toBe(schemaOf('SagaView'));
    for (const status of [400, 409, 413, 422]) expect(responseSchema('post', '/registrations', status)).toBe(schemaOf('ErrorBody'));
  });

  it('has a RegisterDto schema whose paymentMethod is a pm_ id, the sandbox methods described', () => {
    const schema = schemaOf('RegisterDto');
    expect(Object.keys(schema.properties!)).toEqual(expect.arrayContaining(['email', 'name', 'amount', 'currency', 'paymentMethod']));
    expect(schema.required!.sort()).toEqual(['amount', 'email', 'paymentMethod']);
    const paymentMethod = resolve(schema.properties!.paymentMethod);
    expect(paymentMethod.pattern).toBe('^pm_[A-Za-z0-9_]+$');
    for (const method of SANDBOX_METHODS) expect(paymentMethod.description).toContain(`\`${method}\``);
  });

  it('has the error body schema', () => {
    expect(Object.keys(schemaOf('ErrorBody').properties!)).toEqual(expect.arrayContaining(['statusCode', 'error', 'message']));
  });

  it('documents the query parameters', () => {
    const query = (path: string) => (doc.paths[path].get.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
    expect(query('/sagas')).toEqual(expect.arrayContaining(['status', 'limit', 'cursor']));
    expect(query('/payments')).toEqual(['userId']);
    expect(query('/notifications')).toEqual(['userId']);
    expect(query('/incidents')).toEqual(['status']);
  });

  it('documents every field the endpoints really return, and requires only those always present', async () => {
    const body = aRegistration();
    await setFaults(t.http, [
      { operation: 'notifications.send', mode: 'error', message: 'SMTP connection timeout', email: body.email },
      { operation: 'payments.refund', mode: 'error', message: 'Payment gateway permanently down', email: body.email },
    ]);
    const started = await t.http.post('/registrations').send(body).expect(202);
    expectDocumented(started.body, responseSchema('post', '/registrations', 202));
    const saga = await waitForSaga(t.http, started.body.sagaId);
    expect(saga.status).toBe('PARTIALLY_ROLLED_BACK');

    const sagaView = responseSchema('get', '/sagas/{id}', 200);
    expectDocumented(saga, sagaView);
    for (const s of saga.steps) expectDocumented(s, sagaView.properties!.steps.items!);
    for (const h of saga.history) expectDocumented(h, sagaView.properties!.history.items!);

    const page = (await t.http.get('/sagas').query({ limit: 1 }).expect(200)).body;
    const pageSchema = responseSchema('get', '/sagas', 200);
    expectDocumented(page, pageSchema);
    expectDocumented(page.items[0], pageSchema.properties!.items.items!);
    expect(page.items[0].history).toBeUndefined();

    expectDocumented((await t.http.get(`/users/${saga.userId}`).expect(200)).body, responseSchema('get', '/users/{id}', 200));
    const payments = (await t.http.get('/payments').query({ userId: saga.userId }).expect(200)).body;
    expectDocumented(payments[0], responseSchema('get', '/payments', 200).items!);
    const notifications = (await t.http.get('/notifications').query({ userId: saga.userId }).expect(200)).body;
    expectDocumented(notifications[0], responseSchema('get', '/notifications', 200).items!);
    expectDocumented((await t.http.get(`/incidents/${saga.incidentId}`).expect(200)).body, responseSchema('get', '/incidents/{id}', 200));

    const faults = (await t.http.get('/admin/faults').expect(200)).body;
    const faultsSchema = responseSchema('get', '/admin/faults', 200);
    expectDocumented(faults, faultsSchema);
    for (const rule of faults.rules) expectDocumented(rule, faultsSchema.properties!.rules.items!);
    await setFaults(t.http, []);

    expectDocumented((await t.http.post(`/sagas/${saga.sagaId}/retry`).expect(202)).body, responseSchema('post', '/sagas/{id}/retry', 202));
    expectDocumented((await t.http.get('/sagas/does-not-exist').expect(404)).body, schemaOf('ErrorBody'));
    expectDocumented((await t.http.post('/registrations').send({ ...body, admin: true }).expect(400)).body, schemaOf('ErrorBody'));
  });
});

describe('OpenAPI document with fault injection off', () => {
  const t = suiteApp({ FAULT_INJECTION: 'off' });

  it('leaves out /admin/faults, which does not exist then', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body as OpenApiDocument;
    expect(doc.paths['/admin/faults']).toBeUndefined();
    expect(doc.paths['/registrations']).toBeDefined();
  });
});
