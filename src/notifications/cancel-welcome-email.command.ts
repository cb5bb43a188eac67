/** Compensation of SendWelcomeEmail; answered by WelcomeEmailCancelled or WelcomeEmailCancellationFailed. */
export class CancelWelcomeEmail {
  constructor(
    readonly sagaId: string,
    readonly attempt: number,
    readonly idempotencyKey: string,
    readonly notificationId: string,
  ) {}
}
