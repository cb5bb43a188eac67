import type { StepCorrelation } from '../infra/messages/step-correlation.js';
export class WelcomeEmailSent {
  constructor(
    readonly correlation: StepCorrelation,
    readonly notificationId: string,
  ) {}
}
