import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type EntityTable, EntityTables } from '../infra/database/entity-table.js';
import { newId } from '../infra/database/new-id.js';
import { isUniqueViolation } from '../infra/database/unique-violation.js';
import { UnitOfWork } from '../infra/database/unit-of-work.js';
import { errorMessage } from '../infra/error-message.js';
import { ProviderRefusedError } from '../infra/faults/provider-refused.error.js';
import { ANSWERED, type CorrelatedAnswer, StepAnswers } from '../infra/messages/step-answers.js';
import type { StepCorrelation } from '../infra/messages/step-correlation.js';
import { ChargePayment } from './charge-payment.command.js';
import { PaymentChargeFailed } from './payment-charge-failed.event.js';
import { PaymentCharged } from './payment-charged.event.js';
import { PaymentDeclined } from './payment-declined.event.js';
import { Payment } from './payment.entity.js';
import { PaymentGateway } from './payment-gateway.port.js';

/**
 * Charges once per idempotency key: a redelivered command answers from the recorded payment,
 * and a retry after a lost answer reaches the gateway with the same key, which replays its
 * first response instead of charging again.
 */
@CommandHandler(ChargePayment)
export class ChargePaymentHandler implements ICommandHandler<ChargePayment> {
  private readonly payments: EntityTable<Payment>;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly gateway: PaymentGateway,
    private readonly answers: StepAnswers,
    tables: EntityTables,
  ) {
    this.payments = tables.of(Payment);
  }

  async execute(command: ChargePayment): Promise<void> {
    const answer = await this.charge(command);
    if (answer !== ANSWERED) this.answers.publish(answer);
  }

  /** The answer to publish, or ANSWERED when it was committed (and published) with the payment. */
  private async charge(command: ChargePayment): Promise<CorrelatedAnswer | typeof ANSWERED> {
    const { correlation, idempotencyKey } = command;
    const { sagaId } = correlation;
    try {
      const recorded = await this.findByKey(idempotencyKey);
      if (recorded) return this.outcomeOf(recorded, correlation);
      const result = await this.gateway.charge({
        idempotencyKey,
        amountCents: command.amountCents,
        currency: command.currency,
        paymentMethod: command.paymentMethod,
        receiptEmail: command.receiptEmail,
      });
      const now = Date.now();
      const payment: Payment = {
        id: newId(),
        sagaId,
        userId: command.userId,
        chargeKey: idempotencyKey,
        amountCents: command.amountCents,
        currency: command.currency,
        paymentMethod: command.paymentMethod,
        receiptEmail: command.receiptEmail,
        status: result.status === 'succeeded' ? 'CHARGED' : 'DECLINED',
        providerChargeId: result.status === 'succeeded' ? result.chargeId : null,
        declineCode: result.status === 'declined' ? result.declineCode : null,
        refundId: null,
        refundKey: null,
        createdAt: now,
        updatedAt: now,
      };
      return await this.answers.commit(correlation.sagaId, async (manager) => {
        await this.payments.insert(manager, [payment]);
        return this.outcomeOf(payment, correlation);
      });
    } catch (error) {
      const raced = isUniqueViolation(error) ? await this.findByKey(idempotencyKey) : null;
      if (raced) return this.outcomeOf(raced, correlation);
      return new PaymentChargeFailed(correlation, errorMessage(error), !(error instanceof ProviderRefusedError));
    }
  }

  private outcomeOf(payment: Payment, correlation: StepCorrelation) {
    return payment.status === 'DECLINED'
      ? new PaymentDeclined(correlation, payment.id, payment.declineCode ?? 'declined')
      : new PaymentCharged(correlation, payment.id, payment.amountCents, payment.currency);
  }

  private findByKey(chargeKey: string) {
    return this.uow.read((manager) => this.payments.findOne(manager, ['chargeKey'], [chargeKey]));
  }
}
