import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../infra/database/unit-of-work.js';
import { publishAnswer } from '../infra/messages/publish-answer.js';
import { StepAnswers } from '../infra/messages/step-answers.js';
import { Payment } from './payment.entity.js';
import { PaymentGateway } from './payment-gateway.port.js';
import { PaymentErrors } from './payments.errors.js';
import { RefundUserCharges } from './refund-user-charges.command.js';
import { UserChargesRefundFailed } from './user-charges-refund-failed.event.js';
import { UserChargesRefunded } from './user-charges-refunded.event.js';

/**
 * Refunds each CHARGED payment of the user through the gateway, with a key derived from the
 * command's and the payment's, and records it REFUNDED under that key (a unique column). A
 * redelivery refunds only what is still charged (a retry after a lost answer reaches the gateway
 * with the same key, which replays instead of refunding twice) and answers with every refund
 * made under this command's key, so a replay answers what the first delivery did.
 */
@CommandHandler(RefundUserCharges)
export class RefundUserChargesHandler implements ICommandHandler<RefundUserCharges> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly gateway: PaymentGateway,
    private readonly answers: StepAnswers,
  ) {}

  execute(command: RefundUserCharges): Promise<void> {
    const { correlation } = command;
    return publishAnswer(
      this.answers,
      () => this.refund(command),
      (message) => new UserChargesRefundFailed(correlation, PaymentErrors.unavailable, message, true),
    );
  }

  private async refund({ correlation, idempotencyKey, userId }: RefundUserCharges) {
    const keyOf = (payment: Payment) => `${idempotencyKey}:${payment.id}`;
    for (const payment of await this.paymentsOf(userId)) {
      if (payment.status !== 'CHARGED' || !payment.providerChargeId) continue;
      const refundKey = keyOf(payment);
      const { refundId } = await this.gateway.refund({
        idempotencyKey: refundKey,
        chargeId: payment.providerChargeId,
        amountCents: payment.amountCents,
        receiptEmail: payment.receiptEmail,
      });
      // Conditional on CHARGED: a duplicate delivery that got here first has recorded the same refund.
      await this.uow.transaction(
        (manager) => manager.update(Payment, { id: payment.id, status: 'CHARGED' }, { status: 'REFUNDED', refundId, refundKey, updatedAt: Date.now() }),
        correlation.sagaId,
      );
    }
    const refunds = (await this.paymentsOf(userId))
      .filter((payment) => payment.refundKey === keyOf(payment) && payment.refundId)
      .map((payment) => ({ transactionId: payment.id, refundId: payment.refundId!, amountCents: payment.amountCents, currency: payment.currency }));
    return new UserChargesRefunded(correlation, userId, refunds);
  }

  private paymentsOf(userId: string) {
    return this.uow.read((manager) => manager.find(Payment, { where: { userId }, order: { createdAt: 'ASC', id: 'ASC' } }));
  }
}
