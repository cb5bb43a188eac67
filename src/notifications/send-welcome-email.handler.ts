import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ProviderRefusedError } from '../infra/faults/provider-refused.error.js';
import { errorMessage } from '../infra/error-message.js';
import { ANSWERED, StepAnswers } from '../infra/messages/step-answers.js';
import { NotificationSender } from './notification-sender.js';
import { SendWelcomeEmail } from './send-welcome-email.command.js';
import { WelcomeEmailFailed } from './welcome-email-failed.event.js';
import { WelcomeEmailSent } from './welcome-email-sent.event.js';

/**
 * Sent once per idempotency key, recorded as a notification row (see NotificationSender). A
 * message the provider refuses for good is a business failure: not retried. The SENT row commits
 * with the saga's record of WelcomeEmailSent; a replay from the row already SENT is published.
 */
@CommandHandler(SendWelcomeEmail)
export class SendWelcomeEmailHandler implements ICommandHandler<SendWelcomeEmail> {
  constructor(
    private readonly sender: NotificationSender,
    private readonly answers: StepAnswers,
  ) {}

  async execute(command: SendWelcomeEmail): Promise<void> {
    const { correlation } = command;
    try {
      const answer = await this.sender.sendAnswering(
        {
          sagaId: correlation.sagaId,
          userId: command.userId,
          sendKey: command.idempotencyKey,
          to: command.email,
          template: 'welcome',
          data: { name: command.name, email: command.email },
        },
        this.answers,
        (notificationId) => new WelcomeEmailSent(correlation, notificationId),
      );
      if (answer !== ANSWERED) this.answers.publish(answer);
    } catch (error) {
      this.answers.publish(new WelcomeEmailFailed(correlation, errorMessage(error), !(error instanceof ProviderRefusedError)));
    }
  }
}
