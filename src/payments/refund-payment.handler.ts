import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../infra/database/unit-of-work.js';
import { errorMessage } from '../infra/error-message.js';
import { ANSWERED, type CorrelatedAnswer, StepAnswers } from '../infra/messages/step-answers.js';
import { ProviderRefusedError } from '../infra/faults/provider-refused.error.js';
import { PaymentRefundFailed } from './payment-refund-failed.event.js';
import { PaymentRefunded } from './payment-refunded.event.js';
import { Payment } from './payment.entity.js';
import { PaymentGateway } from './payment-gateway.port.js';
import { RefundPayment } from './refund-payment.command.js';

/** Refunding what was never charged, or was refunded already, succeeds without a gateway call. */
@CommandHandler(RefundPayment)
export class RefundPaymentHandler implements ICommandHandler<RefundPayment> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly gateway: PaymentGateway,
    private readonly answers: StepAnswers,
  ) {}

  async execute(command: RefundPayment): Promise<void> {
    const answer = await this.refund(command);
    if (answer !== ANSWERED) this.answers.publish(answer);
  }

  /** The answer to publish, or ANSWERED when it was committed (and published) with the refund. */
  private async refund({ correlation, idempotencyKey, transactionId }: RefundPayment): Promise<CorrelatedAnswer | typeof ANSWERED> {
    try {
      const payment = await this.uow.read((manager) => manager.findOneBy(Payment, { id: transactionId }));
      if (!payment || payment.status !== 'CHARGED' || !payment.providerChargeId) {
        return new PaymentRefunded(correlation, transactionId, payment?.refundId ?? null);
      }
      const { refundId } = await this.gateway.refund({
        idempotencyKey,
        chargeId: payment.providerChargeId,
        amountCents: payment.amountCents,
        receiptEmail: payment.receiptEmail,
      });
      return await this.answers.commit(correlation.sagaId, async (manager) => {
        await manager.update(Payment, { id: transactionId }, { status: 'REFUNDED', refundId, updatedAt: Date.now() });
        return new PaymentRefunded(correlation, transactionId, refundId);
      });
    } catch (error) {
      return new PaymentRefundFailed(correlation, errorMessage(error), !(error instanceof ProviderRefusedError));
    }
  }
}
