import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { publishAnswer } from '../infra/messages/publish-answer.js';
import { GoodbyeEmailFailed } from './goodbye-email-failed.event.js';
import { GoodbyeEmailSent } from './goodbye-email-sent.event.js';
import { NotificationSender } from './notification-sender.js';
import { NotificationErrors } from './notifications.errors.js';
import { SendGoodbyeEmail } from './send-goodbye-email.command.js';

/** Sent once per idempotency key, recorded as a notification row (see NotificationSender). */
@CommandHandler(SendGoodbyeEmail)
export class SendGoodbyeEmailHandler implements ICommandHandler<SendGoodbyeEmail> {
  constructor(
    private readonly sender: NotificationSender,
    private readonly events: EventBus,
  ) {}

  execute(command: SendGoodbyeEmail): Promise<void> {
    const { correlation } = command;
    return publishAnswer(
      this.events,
      async () => {
        const sent = await this.sender.send({
          sagaId: correlation.sagaId,
          userId: command.userId,
          sendKey: command.idempotencyKey,
          to: command.email,
          template: 'goodbye',
          data: { name: command.name, email: command.email },
        });
        return new GoodbyeEmailSent(correlation, sent.id);
      },
      (message) => new GoodbyeEmailFailed(correlation, NotificationErrors.unavailable, message, true),
    );
  }
}
