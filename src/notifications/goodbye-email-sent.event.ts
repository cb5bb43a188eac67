import type { StepCorrelation } from '../infra/messages/step-correlation.js';

export class GoodbyeEmailSent {
  constructor(
    readonly correlation: StepCorrelation,
    readonly notificationId: string,
  ) {}
}
