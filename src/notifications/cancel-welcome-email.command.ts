import type { StepCorrelation } from '../infra/messages/step-correlation.js';
/** Compensation of SendWelcomeEmail; answered by WelcomeEmailCancelled or WelcomeEmailCancellationFailed. */
export class CancelWelcomeEmail {
  constructor(
    readonly correlation: StepCorrelation,
    readonly idempotencyKey: string,
    readonly notificationId: string,
  ) {}
}
