import type { StepCorrelation } from '../infra/messages/step-correlation.js';
/** Answered by WelcomeEmailSent or WelcomeEmailFailed. */
export class SendWelcomeEmail {
  constructor(
    readonly correlation: StepCorrelation,
    readonly idempotencyKey: string,
    readonly userId: string,
    readonly email: string,
    readonly name: string | null,
  ) {}
}
