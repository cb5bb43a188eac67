export interface WelcomeEmail {
  idempotencyKey: string;
  to: string;
  subject: string;
  text: string;
}

/**
 * The mail provider. Sending is keyed so that a retry cannot mail twice; `recall` withdraws a
 * message the provider still holds (the compensation of a send). Transient failures throw.
 */
export abstract class Mailer {
  abstract send(email: WelcomeEmail): Promise<{ messageId: string }>;
  abstract recall(request: { idempotencyKey: string; messageId: string; to: string }): Promise<void>;
}
