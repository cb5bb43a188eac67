import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { publishAnswer } from '../infra/messages/publish-answer.js';
import { NotificationSender } from './notification-sender.js';
import { SendWelcomeEmail } from './send-welcome-email.command.js';
import { WelcomeEmailFailed } from './welcome-email-failed.event.js';
import { WelcomeEmailSent } from './welcome-email-sent.event.js';

/** Sent once per idempotency key, recorded as a notification row (see NotificationSender). */
@CommandHandler(SendWelcomeEmail)
export class SendWelcomeEmailHandler implements ICommandHandler<SendWelcomeEmail> {
  constructor(
    private readonly sender: NotificationSender,
    private readonly events: EventBus,
  ) {}

  execute(command: SendWelcomeEmail): Promise<void> {
    const { correlation } = command;
    return publishAnswer(
      this.events,
      async () => {
        const sent = await this.sender.send({
          sagaId: correlation.sagaId,
          userId: command.userId,
          sendKey: command.idempotencyKey,
          to: command.email,
          subject: 'Welcome!',
          text: `Hello ${command.name ?? command.email}, your account is ready.`,
        });
        return new WelcomeEmailSent(correlation, sent.id);
      },
      (message) => new WelcomeEmailFailed(correlation, message, true),
    );
  }
}
