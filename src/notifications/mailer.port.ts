import type { MailTemplateName } from './mail-templates.js';
import type { MailTemplateData } from './templates/mail-template.js';

/** An e-mail to send: which template, to whom, with what; the adapter renders it. */
export interface OutgoingEmail {
  idempotencyKey: string;
  to: string;
  template: MailTemplateName;
  data: MailTemplateData;
}

/**
 * The mail provider. Sending is keyed so that a retry cannot mail twice (as far as the
 * transport allows: see SmtpMailer); `recall` withdraws a message the provider still holds (the
 * compensation of a send). A transient failure throws ProviderUnavailableError (or anything
 * else); a message the provider refuses for good throws ProviderRefusedError (not retried).
 */
export abstract class Mailer {
  abstract send(email: OutgoingEmail): Promise<{ messageId: string }>;
  abstract recall(request: { idempotencyKey: string; messageId: string; to: string }): Promise<void>;
}
