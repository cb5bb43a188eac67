import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type StripeStandIn, startStripeStandIn } from '../../test/support/stripe-stand-in.js';
import { ProviderRefusedError } from '../infra/faults/provider-refused.error.js';
import { ProviderUnavailableError } from '../infra/faults/provider-unavailable.error.js';
import type { ChargeRequest } from './payment-gateway.port.js';
import { StripePaymentGateway } from './stripe-payment-gateway.js';

/** The adapter through the official SDK, against the stand-in over real HTTP. */
describe('StripePaymentGateway', () => {
  let stripe: StripeStandIn;
  let gateway: StripePaymentGateway;
  let n = 0;
  const charge = (overrides: Partial<ChargeRequest> = {}): ChargeRequest => {
    n += 1;
    return { idempotencyKey: `saga-${n}:charge-payment:forward`, amountCents: 9999, currency: 'USD', paymentMethod: 'pm_card_visa', receiptEmail: 'ada@example.com', ...overrides };
  };

  beforeAll(async () => {
    stripe = await startStripeStandIn();
    gateway = new StripePaymentGateway({ secretKey: stripe.secretKey, apiUrl: stripe.url, timeoutMs: 2_000 });
  });
  afterAll(() => stripe.close());

  it('creates and confirms one PaymentIntent with the idempotency key, the amount in minor units', async () => {
    const request = charge();
    const result = await gateway.charge(request);

    expect(result).toEqual({ status: 'succeeded', chargeId: expect.stringMatching(/^pi_/) });
    const [intent] = stripe.intentsFor(request.idempotencyKey);
    expect(intent).toMatchObject({ amount: 9999, currency: 'usd', paymentMethod: 'pm_card_visa', status: 'succeeded' });
    const sent = stripe.requests.at(-1)!;
    expect(sent).toMatchObject({ method: 'POST', path: '/v1/payment_intents', idempotencyKey: request.idempotencyKey });
    expect(sent.params).toMatchObject({ confirm: 'true', 'automatic_payment_methods[allow_redirects]': 'never' });
  });

  it('sends the amount in the currency minor unit as held: JPY has none, KWD three', async () => {
    const yen = charge({ amountCents: 1000, currency: 'JPY' });
    await gateway.charge(yen);
    expect(stripe.intentsFor(yen.idempotencyKey)[0]).toMatchObject({ amount: 1000, currency: 'jpy' });
    const dinar = charge({ amountCents: 1500, currency: 'KWD' });
    await gateway.charge(dinar);
    expect(stripe.intentsFor(dinar.idempotencyKey)[0]).toMatchObject({ amount: 1500, currency: 'kwd' });
  });

  it('replays the first answer to a retry with the same key: one PaymentIntent', async () => {
    const request = charge();
    const first = await gateway.charge(request);
    const again = await gateway.charge(request);

    expect(again).toEqual(first);
    expect(stripe.intentsFor(request.idempotencyKey)).toHaveLength(1);
    expect(stripe.requests.filter((r) => r.idempotencyKey === request.idempotencyKey).map((r) => r.replayed)).toEqual([false, true]);
  });

  it('answers a decline (card_error) with its decline code, and replays it', async () => {
    const request = charge({ paymentMethod: 'pm_card_chargeDeclinedInsufficientFunds' });
    expect(await gateway.charge(request)).toEqual({ status: 'declined', declineCode: 'insufficient_funds' });
    expect(await gateway.charge(request)).toEqual({ status: 'declined', declineCode: 'insufficient_funds' });
    expect(await gateway.charge(charge({ paymentMethod: 'pm_card_chargeDeclined' }))).toEqual({ status: 'declined', declineCode: 'generic_decline' });
    expect(stripe.intentsFor(request.idempotencyKey)).toHaveLength(1);
  });

  it('treats a card needing 3-D Secure as declined: nobody is there to authenticate', async () => {
    expect(await gateway.charge(charge({ paymentMethod: 'pm_card_authenticationRequired' }))).toEqual({
      status: 'declined',
      declineCode: 'authentication_required',
    });
  });

  it.each([429, 500, 503] as const)('makes a %i transient, with no SDK retry behind the saga', async (status) => {
    const request = charge();
    stripe.failNext(1, status);
    const before = stripe.requests.length;
    await expect(gateway.charge(request)).rejects.toThrow(ProviderUnavailableError);
    expect(stripe.requests.length).toBe(before + 1);
    // The saga's next attempt, same key: charged once.
    expect((await gateway.charge(request)).status).toBe('succeeded');
    expect(stripe.intentsFor(request.idempotencyKey)).toHaveLength(1);
  });

  it('makes a network error transient', async () => {
    const nowhere = new StripePaymentGateway({ secretKey: stripe.secretKey, apiUrl: 'http://127.0.0.1:1', timeoutMs: 2_000 });
    await expect(nowhere.charge(charge())).rejects.toThrow(ProviderUnavailableError);
  });

  it('makes a timeout transient, and the retry finds the charge made meanwhile', async () => {
    const request = charge();
    const held = stripe.hold(request.idempotencyKey);
    const impatient = new StripePaymentGateway({ secretKey: stripe.secretKey, apiUrl: stripe.url, timeoutMs: 200 });
    await expect(impatient.charge(request)).rejects.toThrow(ProviderUnavailableError);
    expect(held.held()).toBe(1);
    // Still executing: Stripe answers 409, transient too.
    await expect(gateway.charge(request)).rejects.toThrow(/409/);
    held.release();
    expect((await gateway.charge(request)).status).toBe('succeeded');
    expect(stripe.intentsFor(request.idempotencyKey)).toHaveLength(1);
  });

  it('refuses for good (not retried) an unknown payment method, the same key with other parameters, a wrong key', async () => {
    await expect(gateway.charge(charge({ paymentMethod: 'pm_does_not_exist' }))).rejects.toThrow(ProviderRefusedError);

    const request = charge();
    await gateway.charge(request);
    await expect(gateway.charge({ ...request, amountCents: 5000 })).rejects.toThrow(/idempotency_error/);

    const wrongKey = new StripePaymentGateway({ secretKey: 'sk_test_wrong', apiUrl: stripe.url, timeoutMs: 2_000 });
    const refusal = await wrongKey.charge(charge()).then(() => new Error('charged'), (e: unknown) => e as Error);
    expect(refusal).toBeInstanceOf(ProviderRefusedError);
    expect(refusal.message).not.toContain('sk_test_wrong');
  });

  it('refunds the whole PaymentIntent with the compensation key, once', async () => {
    const request = charge();
    const charged = await gateway.charge(request);
    if (charged.status !== 'succeeded') throw new Error('not charged');
    const refund = { idempotencyKey: request.idempotencyKey.replace('forward', 'compensate'), chargeId: charged.chargeId, amountCents: 9999, receiptEmail: 'ada@example.com' };

    stripe.failNext(1, 500, '/v1/refunds');
    await expect(gateway.refund(refund)).rejects.toThrow(ProviderUnavailableError);
    const first = await gateway.refund(refund);
    const again = await gateway.refund(refund);

    expect(first.refundId).toMatch(/^re_/);
    expect(again).toEqual(first);
    expect(stripe.refunds.filter((r) => r.paymentIntent === charged.chargeId)).toHaveLength(1);
    expect(stripe.requests.at(-1)).toMatchObject({ path: '/v1/refunds', idempotencyKey: refund.idempotencyKey, replayed: true });
  });

  it('accepts Stripe PaymentMethod ids by pattern', () => {
    expect(gateway.checkPaymentMethod('pm_1QabcDEF234')).toBeNull();
    expect(gateway.checkPaymentMethod('pm_card_visa')).toBeNull();
    expect(gateway.checkPaymentMethod('tok_visa')).toMatch(/pm_/);
    expect(gateway.checkPaymentMethod('pm_')).toMatch(/pm_/);
  });
});
