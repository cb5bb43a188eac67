import type { Provider } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { FaultInjector } from '../infra/faults/fault-injector.js';
import { SandboxProvider } from '../infra/sandbox/sandbox-provider.js';
import { FaultInjectingMailer } from './fault-injecting-mailer.js';
import { Mailer } from './mailer.port.js';
import { SandboxMailer } from './sandbox-mailer.js';

/** The mailer MAIL_TRANSPORT names, chosen once at start-up, behind the fault boundary; nodemailer is loaded only when chosen. */
export const mailerProvider: Provider = {
  provide: Mailer,
  inject: [AppConfig, FaultInjector, SandboxProvider],
  useFactory: async (config: AppConfig, faults: FaultInjector, sandbox: SandboxProvider): Promise<Mailer> => {
    if (config.MAIL_TRANSPORT !== 'smtp') return new FaultInjectingMailer(new SandboxMailer(sandbox), faults);
    const { SmtpMailer } = await import('./smtp-mailer.js');
    // loadConfig refused to start without them.
    const smtp = new SmtpMailer({ url: config.SMTP_URL!, from: config.MAIL_FROM!, timeoutMs: config.SMTP_TIMEOUT_MS });
    return new FaultInjectingMailer(smtp, faults);
  },
};
