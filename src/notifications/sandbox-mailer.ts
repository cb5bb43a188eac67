import { Injectable } from '@nestjs/common';
import { sandboxId } from '../infra/sandbox/sandbox-id.js';
import { SandboxProvider } from '../infra/sandbox/sandbox-provider.js';
import { renderEmail } from './mail-templates.js';
import { Mailer, type OutgoingEmail } from './mailer.port.js';

@Injectable()
export class SandboxMailer extends Mailer {
  constructor(private readonly sandbox: SandboxProvider) {
    super();
  }

  send(email: OutgoingEmail): Promise<{ messageId: string }> {
    // Rendered and dropped: a template that cannot render fails here as it would over SMTP.
    renderEmail(email.template, email.data);
    return this.sandbox.request('notifications.send', email.idempotencyKey, () => ({
      messageId: sandboxId('msg'),
    }));
  }

  async recall(request: { idempotencyKey: string; messageId: string; to: string }): Promise<void> {
    await this.sandbox.request('notifications.cancel', request.idempotencyKey, () => ({ recalled: request.messageId }));
  }
}
