import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../infra/database/unit-of-work.js';
import { errorMessage } from '../infra/error-message.js';
import { ANSWERED, type CorrelatedAnswer, StepAnswers } from '../infra/messages/step-answers.js';
import { CancelWelcomeEmail } from './cancel-welcome-email.command.js';
import { Mailer } from './mailer.port.js';
import { Notification } from './notification.entity.js';
import { WelcomeEmailCancellationFailed } from './welcome-email-cancellation-failed.event.js';
import { WelcomeEmailCancelled } from './welcome-email-cancelled.event.js';

/** Cancelling a notification that was never sent, or is cancelled already, succeeds at once. */
@CommandHandler(CancelWelcomeEmail)
export class CancelWelcomeEmailHandler implements ICommandHandler<CancelWelcomeEmail> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly mailer: Mailer,
    private readonly answers: StepAnswers,
  ) {}

  async execute(command: CancelWelcomeEmail): Promise<void> {
    const answer = await this.cancel(command);
    if (answer !== ANSWERED) this.answers.publish(answer);
  }

  /** The answer to publish, or ANSWERED when it was committed (and published) with the cancellation. */
  private async cancel({ correlation, idempotencyKey, notificationId }: CancelWelcomeEmail): Promise<CorrelatedAnswer | typeof ANSWERED> {
    try {
      const notification = await this.uow.read((manager) => manager.findOneBy(Notification, { id: notificationId }));
      if (notification?.status === 'SENT' && notification.providerMessageId) {
        await this.mailer.recall({ idempotencyKey, messageId: notification.providerMessageId, to: notification.recipient });
        return await this.answers.commit(correlation.sagaId, async (manager) => {
          await manager.update(Notification, { id: notificationId }, { status: 'CANCELLED', updatedAt: Date.now() });
          return new WelcomeEmailCancelled(correlation, notificationId);
        });
      }
      return new WelcomeEmailCancelled(correlation, notificationId);
    } catch (error) {
      return new WelcomeEmailCancellationFailed(correlation, errorMessage(error), true);
    }
  }
}
