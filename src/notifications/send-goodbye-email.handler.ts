import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { publishAnswer } from '../infra/messages/publish-answer.js';
import { StepAnswers } from '../infra/messages/step-answers.js';
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
    private readonly answers: StepAnswers,
  ) {}

  execute(command: SendGoodbyeEmail): Promise<void> {
    const { correlation } = command;
    return publishAnswer(
      this.answers,
      // The SENT row commits with the saga's record of GoodbyeEmailSent; a replay is published.
      () =>
        this.sender.sendAnswering(
          {
            sagaId: correlation.sagaId,
            userId: command.userId,
            sendKey: command.idempotencyKey,
            to: command.email,
            template: 'goodbye',
            data: { name: command.name, email: command.email },
          },
          this.answers,
          (notificationId) => new GoodbyeEmailSent(correlation, notificationId),
        ),
      (message) => new GoodbyeEmailFailed(correlation, NotificationErrors.unavailable, message, true),
    );
  }
}
