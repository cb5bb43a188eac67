import { describe, expect, it } from '@jest/globals';
import type { EventBus } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import type { UnitOfWork } from '../infra/database/unit-of-work.js';
import { StepAnswers } from '../infra/messages/step-answers.js';
import type { Payment } from './payment.entity.js';
import type { PaymentGateway } from './payment-gateway.port.js';
import { PaymentRefunded } from './payment-refunded.event.js';
import { RefundPayment } from './refund-payment.command.js';
import { RefundPaymentHandler } from './refund-payment.handler.js';

/** The handler over an in-memory payments table and a gateway that records its calls. */
function handlerWith(payment: Partial<Payment> | null) {
  const refunds: unknown[] = [];
  const published: unknown[] = [];
  const manager = {
    findOneBy: async () => payment,
    update: async (_entity: unknown, _where: unknown, change: Partial<Payment>) => Object.assign(payment ?? {}, change),
  } as unknown as EntityManager;
  const uow = { read: (work: (m: EntityManager) => unknown) => work(manager), transaction: (work: (m: EntityManager) => unknown) => work(manager) } as unknown as UnitOfWork;
  const gateway = { refund: async (request: unknown) => (refunds.push(request), { refundId: 're_1' }) } as unknown as PaymentGateway;
  const events = { publish: (event: unknown) => published.push(event) } as unknown as EventBus;
  return { handler: new RefundPaymentHandler(uow, gateway, new StepAnswers(uow, events)), refunds, published };
}

describe('RefundPaymentHandler', () => {
  const correlation = { sagaId: 'saga-1', step: 'refund-payment', attempt: 1 };
  const command = new RefundPayment(correlation, 'saga-1:charge-payment:compensate', 'txn-1');

  it('succeeds without calling the gateway when the charge never happened', async () => {
    const { handler, refunds, published } = handlerWith(null);
    await handler.execute(command);
    expect(refunds).toEqual([]);
    expect(published).toEqual([new PaymentRefunded(correlation, 'txn-1', null)]);
  });

  it('answers a second refund of the same charge from the record, without a second refund', async () => {
    const { handler, refunds, published } = handlerWith({ id: 'txn-1', status: 'REFUNDED', refundId: 're_0', providerChargeId: 'ch_1' });
    await handler.execute(command);
    expect(refunds).toEqual([]);
    expect(published).toEqual([new PaymentRefunded(correlation, 'txn-1', 're_0')]);
  });

  it('refunds a charged payment once, with the compensation idempotency key', async () => {
    const payment: Partial<Payment> = { id: 'txn-1', status: 'CHARGED', providerChargeId: 'ch_1', amountCents: 9999, receiptEmail: 'a@b.c' };
    const { handler, refunds, published } = handlerWith(payment);
    await handler.execute(command);
    expect(refunds).toEqual([{ idempotencyKey: 'saga-1:charge-payment:compensate', chargeId: 'ch_1', amountCents: 9999, receiptEmail: 'a@b.c' }]);
    expect(payment.status).toBe('REFUNDED');
    expect(published).toEqual([new PaymentRefunded(correlation, 'txn-1', 're_1')]);
  });
});
