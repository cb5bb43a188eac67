import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../infra/database/unit-of-work.js';
import { errorMessage } from '../infra/error-message.js';
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
    private readonly events: EventBus,
  ) {}

  async execute(command: CancelWelcomeEmail): Promise<void> {
    this.events.publish(await this.cancel(command));
  }

  private async cancel({ correlation, idempotencyKey, notificationId }: CancelWelcomeEmail) {
    try {
      const notification = await this.uow.read((manager) => manager.findOneBy(Notification, { id: notificationId }));
      if (notification?.status === 'SENT' && notification.providerMessageId) {
        await this.mailer.recall({ idempotencyKey, messageId: notification.providerMessageId, to: notification.recipient });
        await this.uow.transaction((manager) =>
          manager.update(Notification, { id: notificationId }, { status: 'CANCELLED', updatedAt: Date.now() }),
        );
      }
      return new WelcomeEmailCancelled(correlation, notificationId);
    } catch (error) {
      return new WelcomeEmailCancellationFailed(correlation, errorMessage(error), true);
    }
  }
}
