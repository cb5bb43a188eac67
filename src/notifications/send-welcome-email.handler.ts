import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { type EntityTable, EntityTables } from '../infra/database/entity-table.js';
import { newId } from '../infra/database/new-id.js';
import { UnitOfWork } from '../infra/database/unit-of-work.js';
import { errorMessage } from '../infra/error-message.js';
import { ProviderRefusedError } from '../infra/faults/provider-refused.error.js';
import { Mailer } from './mailer.port.js';
import { Notification } from './notification.entity.js';
import { SendWelcomeEmail } from './send-welcome-email.command.js';
import { WelcomeEmailFailed } from './welcome-email-failed.event.js';
import { WelcomeEmailSent } from './welcome-email-sent.event.js';

/**
 * One notification row per send key: a failed attempt leaves it FAILED with the error (visible in
 * GET /notifications), a later success turns the same row SENT. The mailer sees the same key on
 * every attempt, so a retry after a lost answer does not mail twice.
 */
@CommandHandler(SendWelcomeEmail)
export class SendWelcomeEmailHandler implements ICommandHandler<SendWelcomeEmail> {
  private readonly notifications: EntityTable<Notification>;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly mailer: Mailer,
    private readonly events: EventBus,
    tables: EntityTables,
  ) {
    this.notifications = tables.of(Notification);
  }

  async execute(command: SendWelcomeEmail): Promise<void> {
    this.events.publish(await this.send(command));
  }

  private async send(command: SendWelcomeEmail) {
    const { sagaId, attempt, idempotencyKey } = command;
    try {
      const recorded = await this.uow.read((manager) => this.notifications.findOne(manager, ['sendKey'], [idempotencyKey]));
      if (recorded && recorded.status !== 'FAILED') return new WelcomeEmailSent(sagaId, attempt, recorded.id);
      const { messageId } = await this.mailer.send({
        idempotencyKey,
        to: command.email,
        template: 'welcome',
        data: { name: command.name, email: command.email },
      });
      const sent = await this.record(command, { status: 'SENT', providerMessageId: messageId });
      return new WelcomeEmailSent(sagaId, attempt, sent.id);
    } catch (error) {
      const message = errorMessage(error);
      await this.record(command, { status: 'FAILED', error: message.slice(0, 500) }).catch(() => undefined);
      return new WelcomeEmailFailed(sagaId, attempt, message, !(error instanceof ProviderRefusedError));
    }
  }

  private record(command: SendWelcomeEmail, change: Partial<Notification>): Promise<Notification> {
    return this.uow.transaction(async (manager) => {
      const now = Date.now();
      const existing = await this.notifications.findOne(manager, ['sendKey'], [command.idempotencyKey]);
      if (existing) {
        Object.assign(existing, change, { updatedAt: now });
        await this.notifications.update(manager, existing, ['id']);
        return existing;
      }
      const created: Notification = {
        id: newId(),
        sagaId: command.sagaId,
        userId: command.userId,
        sendKey: command.idempotencyKey,
        channel: 'email',
        recipient: command.email,
        status: 'FAILED',
        providerMessageId: null,
        error: null,
        createdAt: now,
        updatedAt: now,
        ...change,
      };
      await this.notifications.insert(manager, [created]);
      return created;
    });
  }
}
