import type { OnApplicationShutdown } from '@nestjs/common';
import { FaultInjector } from '../infra/faults/fault-injector.js';
import { Mailer, type OutgoingEmail } from './mailer.port.js';

/**
 * The fault boundary of the notifications module: injected failures and hangs act here, in
 * front of whichever mailer is configured, so the sandbox and SMTP see the same faults.
 */
export class FaultInjectingMailer extends Mailer implements OnApplicationShutdown {
  constructor(
    private readonly inner: Mailer,
    private readonly faults: FaultInjector,
  ) {
    super();
  }

  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    await this.faults.intercept('notifications.send', email.to);
    return this.inner.send(email);
  }

  async recall(request: { idempotencyKey: string; messageId: string; to: string }): Promise<void> {
    await this.faults.intercept('notifications.cancel', request.to);
    return this.inner.recall(request);
  }

  /** Nest calls this on the provider it holds, the decorator: the adapter's pool closes with the app. */
  async onApplicationShutdown(): Promise<void> {
    await (this.inner as Partial<OnApplicationShutdown>).onApplicationShutdown?.();
  }
}
