import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type EntityTable, EntityTables } from '../infra/database/entity-table.js';
import { newId } from '../infra/database/new-id.js';
import { UnitOfWork } from '../infra/database/unit-of-work.js';
import { errorMessage } from '../infra/error-message.js';
import { ANSWERED, type CorrelatedAnswer, type StepAnswers } from '../infra/messages/step-answers.js';
import type { MailTemplateName } from './mail-templates.js';
import { Mailer } from './mailer.port.js';
import type { MailTemplateData } from './templates/mail-template.js';
import { Notification } from './notification.entity.js';

/** One e-mail a saga step sends, and the key it is sent (and recorded) under. */
export interface KeyedEmail {
  sagaId: string;
  userId: string;
  sendKey: string;
  to: string;
  template: MailTemplateName;
  data: MailTemplateData;
}

/**
 * Commits the SENT row's write: by default in a transaction of its own; a step handler passes
 * one that commits it with the saga's record of its answer (StepAnswers.commit).
 */
export type CommitSent = (write: (manager: EntityManager) => Promise<Notification>) => Promise<Notification>;

/**
 * Sends an e-mail once per send key and keeps one notification row for it: a failed attempt
 * leaves the row FAILED with the error (visible in GET /notifications), a later success turns the
 * same row SENT. The mailer sees the same key on every attempt, so a retry after a lost answer
 * does not mail twice. Shared by every e-mail the module sends (welcome, goodbye).
 */
@Injectable()
export class NotificationSender {
  private readonly notifications: EntityTable<Notification>;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly mailer: Mailer,
    tables: EntityTables,
  ) {
    this.notifications = tables.of(Notification);
  }

  /**
   * The SENT (or since CANCELLED) notification; throws, having recorded FAILED, when the mailer
   * fails (ProviderRefusedError when the provider refuses the message for good).
   */
  async send(email: KeyedEmail, commitSent: CommitSent = (write) => this.uow.transaction(write, email.sagaId)): Promise<Notification> {
    try {
      const recorded = await this.uow.read((manager) => this.notifications.findOne(manager, ['sendKey'], [email.sendKey]));
      if (recorded && recorded.status !== 'FAILED') return recorded;
      const { messageId } = await this.mailer.send({ idempotencyKey: email.sendKey, to: email.to, template: email.template, data: email.data });
      return await commitSent((manager) => this.write(manager, email, { status: 'SENT', providerMessageId: messageId }));
    } catch (error) {
      await this.record(email, { status: 'FAILED', error: errorMessage(error).slice(0, 500) }).catch(() => undefined);
      throw error;
    }
  }

  /**
   * `send` for a saga step: the SENT row commits with the saga's record of `answerOf(its id)`
   * (StepAnswers.commit), and then this is ANSWERED. A notification sent already (a replay)
   * commits nothing: its answer is returned for the caller to publish.
   */
  async sendAnswering(email: KeyedEmail, answers: StepAnswers, answerOf: (notificationId: string) => CorrelatedAnswer): Promise<CorrelatedAnswer | typeof ANSWERED> {
    let committed = false;
    const sent = await this.send(email, async (write) => {
      let notification!: Notification;
      await answers.commit(email.sagaId, async (manager) => {
        notification = await write(manager);
        return answerOf(notification.id);
      });
      committed = true;
      return notification;
    });
    return committed ? ANSWERED : answerOf(sent.id);
  }

  private record(email: KeyedEmail, change: Partial<Notification>): Promise<Notification> {
    return this.uow.transaction((manager) => this.write(manager, email, change), email.sagaId);
  }

  private async write(manager: EntityManager, email: KeyedEmail, change: Partial<Notification>): Promise<Notification> {
    const now = Date.now();
    const existing = await this.notifications.findOne(manager, ['sendKey'], [email.sendKey]);
    if (existing) {
      Object.assign(existing, change, { updatedAt: now });
      await this.notifications.update(manager, existing, ['id']);
      return existing;
    }
    const created: Notification = {
      id: newId(),
      sagaId: email.sagaId,
      userId: email.userId,
      sendKey: email.sendKey,
      channel: 'email',
      recipient: email.to,
      status: 'FAILED',
      providerMessageId: null,
      error: null,
      createdAt: now,
      updatedAt: now,
      ...change,
    };
    await this.notifications.insert(manager, [created]);
    return created;
  }
}
