/** The notifications module's public face: the commands it accepts and the events it emits. */
export { CancelWelcomeEmail } from './cancel-welcome-email.command.js';
export { GoodbyeEmailFailed } from './goodbye-email-failed.event.js';
export { GoodbyeEmailSent } from './goodbye-email-sent.event.js';
export { NotificationsModule } from './notifications.module.js';
export { SendGoodbyeEmail, type SendGoodbyeEmailProps } from './send-goodbye-email.command.js';
export { SendWelcomeEmail } from './send-welcome-email.command.js';
export { WelcomeEmailCancellationFailed } from './welcome-email-cancellation-failed.event.js';
export { WelcomeEmailCancelled } from './welcome-email-cancelled.event.js';
export { WelcomeEmailFailed } from './welcome-email-failed.event.js';
export { WelcomeEmailSent } from './welcome-email-sent.event.js';
