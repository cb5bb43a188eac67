/** Answered by WelcomeEmailSent or WelcomeEmailFailed. */
export class SendWelcomeEmail {
  constructor(
    readonly sagaId: string,
    readonly attempt: number,
    readonly idempotencyKey: string,
    readonly userId: string,
    readonly email: string,
    readonly name: string | null,
  ) {}
}
