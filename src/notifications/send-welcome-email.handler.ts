import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { ProviderRefusedError } from '../infra/faults/provider-refused.error.js';
import { errorMessage } from '../infra/error-message.js';
import { NotificationSender } from './notification-sender.js';
import { SendWelcomeEmail } from './send-welcome-email.command.js';
import { WelcomeEmailFailed } from './welcome-email-failed.event.js';
import { WelcomeEmailSent } from './welcome-email-sent.event.js';

/**
 * Sent once per idempotency key, recorded as a notification row (see NotificationSender). A
 * message the provider refuses for good is a business failure: not retried.
 */
@CommandHandler(SendWelcomeEmail)
export class SendWelcomeEmailHandler implements ICommandHandler<SendWelcomeEmail> {
  constructor(
    private readonly sender: NotificationSender,
    private readonly events: EventBus,
  ) {}

  async execute(command: SendWelcomeEmail): Promise<void> {
    const { correlation } = command;
    try {
      const sent = await this.sender.send({
        sagaId: correlation.sagaId,
        userId: command.userId,
        sendKey: command.idempotencyKey,
        to: command.email,
        template: 'welcome',
        data: { name: command.name, email: command.email },
      });
      this.events.publish(new WelcomeEmailSent(correlation, sent.id));
    } catch (error) {
      this.events.publish(new WelcomeEmailFailed(correlation, errorMessage(error), !(error instanceof ProviderRefusedError)));
    }
  }
}
