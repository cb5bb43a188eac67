import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { aRegistration, historyTypes, register, type SagaView, setFaults, step, waitForSaga } from './support/sagas.js';
import { type SmtpTestServer, startSmtpTestServer } from './support/smtp-test-server.js';
import { type StripeStandIn, startStripeStandIn } from './support/stripe-stand-in.js';
import { removeDatabases, startTestApp, TEST_KEYS, type TestApp } from './support/test-app.js';

/**
 * The seed's scenarios once more, with both real adapters: Stripe through the official SDK
 * against the stand-in, SMTP through nodemailer against a real SMTP server, both in this
 * process. Injected faults still act at the ports, in front of the adapters.
 */
describe('registration saga on Stripe and SMTP (stand-ins)', () => {
  let stripe: StripeStandIn;
  let smtp: SmtpTestServer;
  let t: TestApp;
  let http: TestAgent;

  beforeAll(async () => {
    stripe = await startStripeStandIn();
    smtp = await startSmtpTestServer();
    t = await startTestApp({
      PAYMENT_PROVIDER: 'stripe',
      STRIPE_SECRET_KEY: stripe.secretKey,
      STRIPE_API_URL: stripe.url,
      MAIL_TRANSPORT: 'smtp',
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Registrations <noreply@example.com>',
      SAGA_RETRY_BASE_MS: '40',
      SAGA_RETRY_MAX_MS: '1000',
    });
    http = request.agent(t.app.getHttpServer()).set('Authorization', `Bearer ${TEST_KEYS.admin}`);
  });
  afterEach(() => setFaults(http, []));
  afterAll(async () => {
    await t?.close();
    await removeDatabases();
    await smtp?.close();
    await stripe?.close();
  });

  const chargeKey = (saga: SagaView) => `${saga.sagaId}:charge-payment:forward`;
  const refundsOf = (saga: SagaView) => {
    const intents = stripe.intentsFor(chargeKey(saga)).map((pi) => pi.id);
    return stripe.refunds.filter((r) => intents.includes(r.paymentIntent));
  };
  const mailsTo = (email: string) => smtp.received.filter((m) => m.rcptTo.includes(email));
  const payments = async (saga: SagaView) => (await http.get('/payments').query({ userId: saga.userId }).expect(200)).body;
  const notifications = async (saga: SagaView) => (await http.get('/notifications').query({ userId: saga.userId }).expect(200)).body;

  it('(1) completes: one PaymentIntent for the saga, one welcome e-mail received', async () => {
    const body = aRegistration({ amount: 99.99 });
    const saga = await waitForSaga(http, (await register(http, body)).sagaId);

    expect(saga.status).toBe('COMPLETED');
    expect((await http.get(`/users/${saga.userId}`).expect(200)).body.status).toBe('ACTIVE');
    const intents = stripe.intentsFor(chargeKey(saga));
    expect(intents).toEqual([expect.objectContaining({ amount: 9999, currency: 'usd', paymentMethod: 'pm_card_visa', status: 'succeeded' })]);
    expect(await payments(saga)).toEqual([expect.objectContaining({ id: saga.transactionId, status: 'CHARGED', amount: 99.99 })]);

    const [mail] = mailsTo(body.email);
    expect(mailsTo(body.email)).toHaveLength(1);
    expect(mail.headers).toMatchObject({ to: body.email, subject: 'Welcome!', from: 'Registrations <noreply@example.com>' });
    expect(mail.headers['message-id']).toMatch(/^<[0-9a-f]{32}@example\.com>$/);
    expect(mail.raw).toContain('Hello Ada Lovelace,');
    expect(await notifications(saga)).toEqual([expect.objectContaining({ id: saga.notificationId, status: 'SENT' })]);
  });

  it('(2a) rolls back a decline (card_error) at once, with its decline code: not retried, nothing to refund', async () => {
    const body = aRegistration({ paymentMethod: 'pm_card_chargeDeclinedInsufficientFunds' });
    const saga = await waitForSaga(http, (await register(http, body)).sagaId);

    expect(saga.status).toBe('ROLLED_BACK');
    expect(step(saga, 'charge-payment')).toMatchObject({ status: 'FAILED', attempts: 1 });
    expect(step(saga, 'charge-payment').error).toContain('insufficient_funds');
    expect(stripe.requests.filter((r) => r.idempotencyKey === chargeKey(saga))).toHaveLength(1);
    expect(stripe.refunds.filter((r) => r.paymentIntent === stripe.intentsFor(chargeKey(saga))[0].id)).toEqual([]);
    expect((await payments(saga)).map((p: { status: string; declineCode: string }) => [p.status, p.declineCode])).toEqual([['DECLINED', 'insufficient_funds']]);
    expect(mailsTo(body.email)).toEqual([]);
  });

  it('(2b) refunds with its own key, then deletes the account, when the SMTP server refuses the recipient (550): not retried', async () => {
    const body = aRegistration();
    smtp.rejectRecipients([{ code: 550, message: '5.1.1 mailbox unavailable' }], body.email);
    const saga = await waitForSaga(http, (await register(http, body)).sagaId);

    expect(saga.status).toBe('ROLLED_BACK');
    expect(step(saga, 'send-notification')).toMatchObject({ status: 'FAILED', attempts: 1 });
    expect(step(saga, 'send-notification').error).toContain('550 5.1.1 mailbox unavailable');
    expect(step(saga, 'charge-payment')).toMatchObject({ status: 'COMPENSATED', compensationAttempts: 1 });
    const refunds = refundsOf(saga);
    expect(refunds).toHaveLength(1);
    const refundRequest = stripe.requests.find((r) => r.path === '/v1/refunds' && r.idempotencyKey === `${saga.sagaId}:charge-payment:compensate`);
    expect(refundRequest?.status).toBe(200);
    expect(await payments(saga)).toEqual([expect.objectContaining({ status: 'REFUNDED', refundId: refunds[0].id })]);
    expect((await http.get(`/users/${saga.userId}`)).body.status).toBe('DELETED');
    expect(mailsTo(body.email)).toEqual([]);
    expect((await notifications(saga)).map((n: { status: string }) => n.status)).toEqual(['FAILED']);
  });

  it('(2b, injected) an e-mail fault at the port, in front of SMTP, is retried, then compensated', async () => {
    const body = aRegistration();
    await setFaults(http, [{ operation: 'notifications.send', mode: 'error', message: 'SMTP connection timeout', email: body.email }]);
    const saga = await waitForSaga(http, (await register(http, body)).sagaId);

    expect(saga.status).toBe('ROLLED_BACK');
    expect(step(saga, 'send-notification')).toMatchObject({ status: 'FAILED', attempts: 3, error: 'SMTP connection timeout' });
    expect(refundsOf(saga)).toHaveLength(1);
    expect(mailsTo(body.email)).toEqual([]);
  });

  it('retries a 451 from the SMTP server and completes with one e-mail', async () => {
    const body = aRegistration();
    smtp.rejectRecipients([{ code: 451, message: '4.7.1 greylisted, try again' }], body.email);
    const saga = await waitForSaga(http, (await register(http, body)).sagaId);

    expect(saga.status).toBe('COMPLETED');
    expect(step(saga, 'send-notification')).toMatchObject({ status: 'SUCCEEDED', attempts: 2 });
    expect(saga.history.find((h) => h.type === 'RetryScheduled')?.data.error).toContain('451 4.7.1 greylisted');
    expect(mailsTo(body.email)).toHaveLength(1);
  });

  it('retries a 429 and a 500 from Stripe with the same key: one PaymentIntent', async () => {
    const body = aRegistration();
    stripe.failNext(1, 429, '/v1/payment_intents');
    stripe.failNext(1, 500, '/v1/payment_intents');
    const saga = await waitForSaga(http, (await register(http, body)).sagaId);

    expect(saga.status).toBe('COMPLETED');
    expect(step(saga, 'charge-payment')).toMatchObject({ status: 'SUCCEEDED', attempts: 3 });
    const sent = stripe.requests.filter((r) => r.idempotencyKey === chargeKey(saga)).map((r) => r.status);
    expect(sent).toEqual([429, 500, 200]);
    expect(stripe.intentsFor(chargeKey(saga))).toHaveLength(1);
  });

  it('(3) rolls back when the refund fails twice (Stripe 500) then succeeds', async () => {
    const body = aRegistration();
    smtp.rejectRecipients([{ code: 550, message: '5.1.1 mailbox unavailable' }], body.email);
    stripe.failNext(2, 500, '/v1/refunds');
    const saga = await waitForSaga(http, (await register(http, body)).sagaId);

    expect(saga.status).toBe('ROLLED_BACK');
    expect(step(saga, 'charge-payment')).toMatchObject({ status: 'COMPENSATED', compensationAttempts: 3, error: null });
    expect(refundsOf(saga)).toHaveLength(1);
    expect(stripe.requests.filter((r) => r.idempotencyKey === `${saga.sagaId}:charge-payment:compensate`).map((r) => r.status)).toEqual([500, 500, 200]);
  });

  it('(4) ends PARTIALLY_ROLLED_BACK with an incident when the refund keeps failing, and a retry refunds once', async () => {
    const body = aRegistration({ amount: 99.99 });
    await setFaults(http, [
      { operation: 'notifications.send', mode: 'error', message: 'SMTP connection timeout', email: body.email },
      { operation: 'payments.refund', mode: 'error', message: 'Payment gateway permanently down', email: body.email },
    ]);
    const saga = await waitForSaga(http, (await register(http, body)).sagaId);

    expect(saga.status).toBe('PARTIALLY_ROLLED_BACK');
    expect(step(saga, 'charge-payment')).toMatchObject({ status: 'COMPENSATION_FAILED', compensationAttempts: 5 });
    const incident = (await http.get(`/incidents/${saga.incidentId}`).expect(200)).body;
    expect(incident.effectsInPlace).toEqual([`Transaction ${saga.transactionId} (99.99 USD) was not refunded`]);
    // The faults acted at the port: Stripe never saw a refund.
    expect(refundsOf(saga)).toEqual([]);

    await setFaults(http, []);
    await http.post(`/sagas/${saga.sagaId}/retry`).expect(202);
    const mended = await waitForSaga(http, saga.sagaId);
    expect(mended.status).toBe('ROLLED_BACK');
    expect(historyTypes(mended)).toContain('IncidentResolved');
    expect(refundsOf(saga)).toHaveLength(1);
  });

  it('takes any pm_ id at the API (Stripe decides), refuses other shapes with 400; an id Stripe does not know is a business failure', async () => {
    const refused = await http.post('/registrations').send(aRegistration({ paymentMethod: 'tok_visa' })).expect(400);
    expect(refused.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(JSON.stringify(refused.body.message)).toContain('pm_');
    await http.post('/registrations').send(aRegistration({ paymentMethod: `pm_${'a'.repeat(62)}` })).expect(400);

    const saga = await waitForSaga(http, (await register(http, aRegistration({ paymentMethod: 'pm_1NotKnownToStripe' }))).sagaId);
    expect(saga.status).toBe('ROLLED_BACK');
    expect(step(saga, 'charge-payment')).toMatchObject({ status: 'FAILED', attempts: 1 });
    expect(step(saga, 'charge-payment').error).toContain('resource_missing');
  });
});
