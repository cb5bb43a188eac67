import type { Provider } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { FaultInjector } from '../infra/faults/fault-injector.js';
import { SandboxProvider } from '../infra/sandbox/sandbox-provider.js';
import { FaultInjectingMailer } from './fault-injecting-mailer.js';
import { Mailer } from './mailer.port.js';
import { SandboxMailer } from './sandbox-mailer.js';
import { SmtpMailer } from './smtp-mailer.js';

/** The mailer MAIL_TRANSPORT names, chosen once at start-up, behind the fault boundary. */
export const mailerProvider: Provider = {
  provide: Mailer,
  inject: [AppConfig, FaultInjector, SandboxProvider],
  useFactory: (config: AppConfig, faults: FaultInjector, sandbox: SandboxProvider): Mailer => {
    const mailer =
      config.MAIL_TRANSPORT === 'smtp'
        ? // loadConfig refused to start without them.
          new SmtpMailer({ url: config.SMTP_URL!, from: config.MAIL_FROM!, timeoutMs: config.SMTP_TIMEOUT_MS })
        : new SandboxMailer(sandbox);
    return new FaultInjectingMailer(mailer, faults);
  },
};
