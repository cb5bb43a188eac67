export class WelcomeEmailSent {
  constructor(
    readonly sagaId: string,
    readonly attempt: number,
    readonly notificationId: string,
  ) {}
}
