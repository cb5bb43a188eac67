/** The notifications module's public face: the commands it accepts and the events it emits. */
export { CancelWelcomeEmail } from './cancel-welcome-email.command.js';
export { NotificationsModule } from './notifications.module.js';
export { SendWelcomeEmail } from './send-welcome-email.command.js';
export { WelcomeEmailCancellationFailed } from './welcome-email-cancellation-failed.event.js';
export { WelcomeEmailCancelled } from './welcome-email-cancelled.event.js';
export { WelcomeEmailFailed } from './welcome-email-failed.event.js';
export { WelcomeEmailSent } from './welcome-email-sent.event.js';
