export class WelcomeEmailCancelled {
  constructor(
    readonly sagaId: string,
    readonly attempt: number,
    readonly notificationId: string,
  ) {}
}
