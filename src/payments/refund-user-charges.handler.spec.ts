import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { failUpdatesOf, type ModuleFixture, openModuleFixture } from '../../test/support/module-fixture.js';
import type { StepCorrelation } from '../infra/messages/step-correlation.js';
import { Payment } from './payment.entity.js';
import { RefundUserCharges } from './refund-user-charges.command.js';
import { FaultInjectingPaymentGateway } from './fault-injecting-payment-gateway.js';
import { RefundUserChargesHandler } from './refund-user-charges.handler.js';
import { SandboxPaymentGateway } from './sandbox-payment-gateway.js';
import { UserChargesRefunded } from './user-charges-refunded.event.js';

const step = (attempt = 1): StepCorrelation => ({ sagaId: 'closure-1', step: 'refund-payment', attempt });
const KEY = 'closure-1:refund-payment';

let payments = 0;
/** A payment as a registration's charge step leaves it. */
function aPayment(overrides: Partial<Payment> = {}): Payment {
  payments += 1;
  const now = Date.now() + payments;
  return {
    id: `txn-${payments}`,
    sagaId: `registration-${payments}`,
    userId: 'user-1',
    chargeKey: `registration-${payments}:charge-payment`,
    amountCents: 9999,
    currency: 'USD',
    paymentMethod: 'pm_card_visa',
    receiptEmail: 'ada@example.com',
    status: 'CHARGED',
    providerChargeId: `ch_${payments}`,
    declineCode: null,
    refundId: null,
    refundKey: null,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}

describe('RefundUserChargesHandler', () => {
  let f: ModuleFixture;
  let handler: RefundUserChargesHandler;
  const given = (...rows: Payment[]) => f.uow.transaction((m) => m.insert(Payment, rows));
  const stored = (id: string) => f.uow.read((m) => m.findOneByOrFail(Payment, { id }));

  beforeEach(async () => {
    f = await openModuleFixture();
    handler = new RefundUserChargesHandler(f.uow, new FaultInjectingPaymentGateway(new SandboxPaymentGateway(f.sandbox), f.faults), f.answers);
  });
  afterEach(() => f.close());

  it("refunds each CHARGED payment of the user through the gateway under a key derived from the command's, and answers what it refunded", async () => {
    const first = aPayment({ amountCents: 9999 });
    const second = aPayment({ amountCents: 500, currency: 'EUR' });
    const declined = aPayment({ status: 'DECLINED', providerChargeId: null, declineCode: 'card_declined' });
    const someoneElse = aPayment({ userId: 'user-2' });
    await given(first, second, declined, someoneElse);
    await handler.execute(new RefundUserCharges(step(), KEY, 'user-1'));

    const [answer] = f.published as [UserChargesRefunded];
    expect(answer).toBeInstanceOf(UserChargesRefunded);
    expect(answer.correlation).toEqual(step());
    expect(answer.userId).toBe('user-1');
    const [a, b] = [await stored(first.id), await stored(second.id)];
    expect(answer.refunds).toEqual([
      { transactionId: first.id, refundId: a.refundId, amountCents: 9999, currency: 'USD' },
      { transactionId: second.id, refundId: b.refundId, amountCents: 500, currency: 'EUR' },
    ]);
    expect([a, b].map((p) => [p.status, p.refundKey])).toEqual([
      ['REFUNDED', `${KEY}:${first.id}`],
      ['REFUNDED', `${KEY}:${second.id}`],
    ]);
    expect(a.refundId).toMatch(/^re_/);
    expect((await f.ledger('payments.refund')).map((r) => r.idempotencyKey).sort()).toEqual([`${KEY}:${first.id}`, `${KEY}:${second.id}`]);
    expect((await stored(declined.id)).status).toBe('DECLINED');
    expect((await stored(someoneElse.id)).status).toBe('CHARGED');
  });

  it('answers a redelivery with the same refunds, without calling the gateway again', async () => {
    const payment = aPayment();
    await given(payment);
    await handler.execute(new RefundUserCharges(step(), KEY, 'user-1'));
    await handler.execute(new RefundUserCharges(step(2), KEY, 'user-1'));
    const [first, second] = f.published as UserChargesRefunded[];
    expect(second.correlation).toEqual(step(2));
    expect(second.refunds).toEqual(first.refunds);
    expect(second.refunds).toHaveLength(1);
    expect((await f.ledger('payments.refund')).map((r) => r.calls)).toEqual([1]);
  });

  it('succeeds with nothing refunded when the user has no charge in place', async () => {
    await given(aPayment({ status: 'REFUNDED', refundId: 're_earlier' }), aPayment({ status: 'DECLINED', providerChargeId: null }));
    await handler.execute(new RefundUserCharges(step(), KEY, 'user-1'));
    expect(f.published).toEqual([new UserChargesRefunded(step(), 'user-1', [])]);
    expect(await f.ledger('payments.refund')).toEqual([]);
  });

  it('fails transiently (PAYMENT.UNAVAILABLE) when a payments.refund rule for the e-mail fires, and refunds once on the retry', async () => {
    const payment = aPayment({ receiptEmail: 'grace@example.com' });
    await given(payment);
    f.faults.replace([{ operation: 'payments.refund', mode: 'error', message: 'card network timeout', times: 1, email: 'grace@example.com' }]);
    await handler.execute(new RefundUserCharges(step(), KEY, 'user-1'));
    expect(f.published).toEqual([expect.objectContaining({ correlation: step(), code: 'PAYMENT.UNAVAILABLE', error: 'card network timeout', retryable: true })]);
    expect((await stored(payment.id)).status).toBe('CHARGED');
    await handler.execute(new RefundUserCharges(step(2), KEY, 'user-1'));
    expect((f.published[1] as UserChargesRefunded).refunds).toHaveLength(1);
    expect((await stored(payment.id)).status).toBe('REFUNDED');
  });

  it('after a refund the database failed to record, the retry replays it at the gateway instead of refunding twice', async () => {
    const payment = aPayment();
    await given(payment);
    await failUpdatesOf(f.dataSource, 'payments');
    await handler.execute(new RefundUserCharges(step(), KEY, 'user-1'));
    expect(f.published).toEqual([expect.objectContaining({ code: 'PAYMENT.UNAVAILABLE', retryable: true })]);
    await f.dataSource.query('DROP TRIGGER "fail_payments"');
    await handler.execute(new RefundUserCharges(step(2), KEY, 'user-1'));
    const ledger = await f.ledger('payments.refund');
    expect(ledger.map((r) => r.calls)).toEqual([2]);
    expect((f.published[1] as UserChargesRefunded).refunds).toEqual([expect.objectContaining({ refundId: (ledger[0].response as { refundId: string }).refundId })]);
  });
});
