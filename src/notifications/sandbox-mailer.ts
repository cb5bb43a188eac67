import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { SandboxProvider } from '../infra/sandbox/sandbox-provider.js';
import { Mailer, type WelcomeEmail } from './mailer.port.js';

@Injectable()
export class SandboxMailer extends Mailer {
  constructor(private readonly sandbox: SandboxProvider) {
    super();
  }

  send(email: WelcomeEmail): Promise<{ messageId: string }> {
    return this.sandbox.request('notifications.send', email.to, email.idempotencyKey, () => ({
      messageId: `msg_${randomBytes(12).toString('hex')}`,
    }));
  }

  async recall(request: { idempotencyKey: string; messageId: string; to: string }): Promise<void> {
    await this.sandbox.request('notifications.cancel', request.to, request.idempotencyKey, () => ({ recalled: request.messageId }));
  }
}
