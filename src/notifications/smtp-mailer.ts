import { createHash } from 'node:crypto';
import type { OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { renderEmail } from './mail-templates.js';
import { Mailer, type OutgoingEmail } from './mailer.port.js';
import { smtpFailure } from './smtp-failure.js';

export interface SmtpSettings {
  /** smtp(s)://user:pass@host:port; a secret. */
  url: string;
  /** `noreply@example.com` or `Example <noreply@example.com>`. */
  from: string;
  /** Connection, greeting and socket inactivity limit. */
  timeoutMs: number;
}

/**
 * Real e-mail over SMTP (nodemailer, pooled connections): MIME with a text and an HTML part,
 * rendered from the template the port names.
 *
 * SMTP has no idempotency key. The Message-ID is derived from ours instead, so every attempt of
 * one send carries the same Message-ID: a retry after a lost 250 reply (or a crash between the
 * server's acceptance and our record) can deliver a second copy, but a copy recipients' systems
 * recognise as the same message. Nothing is resent after our record says SENT.
 */
export class SmtpMailer extends Mailer implements OnApplicationShutdown {
  private readonly transport: Transporter;
  private readonly domain: string;

  constructor(private readonly settings: SmtpSettings) {
    super();
    this.domain = /@([^>\s]+)>?\s*$/.exec(settings.from)?.[1] ?? 'localhost';
    this.transport = nodemailer.createTransport({
      url: settings.url,
      pool: true,
      maxConnections: 5,
      // A connection dropped mid-send fails the send instead of nodemailer sending it again
      // behind the saga's back: every attempt is one the saga decided and recorded.
      maxRequeues: 0,
      connectionTimeout: settings.timeoutMs,
      greetingTimeout: settings.timeoutMs,
      socketTimeout: settings.timeoutMs,
      // Its debug log would print the AUTH exchange.
      logger: false,
      debug: false,
    });
  }

  /** The Message-ID's left part for a key: stable, and short enough for the notification row. */
  static messageIdFor(idempotencyKey: string): string {
    return createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32);
  }

  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    const content = renderEmail(email.template, email.data);
    const messageId = SmtpMailer.messageIdFor(email.idempotencyKey);
    try {
      await this.transport.sendMail({
        from: this.settings.from,
        to: email.to,
        subject: content.subject,
        text: content.text,
        html: content.html,
        messageId: `<${messageId}@${this.domain}>`,
      });
    } catch (error) {
      throw smtpFailure(error);
    }
    return { messageId };
  }

  /**
   * A message an SMTP server accepted cannot be called back: the compensation records the
   * notification CANCELLED and the e-mail stays delivered (see the README).
   */
  async recall(): Promise<void> {}

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
