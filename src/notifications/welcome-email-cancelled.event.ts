import type { StepCorrelation } from '../infra/messages/step-correlation.js';
export class WelcomeEmailCancelled {
  constructor(
    readonly correlation: StepCorrelation,
    readonly notificationId: string,
  ) {}
}
