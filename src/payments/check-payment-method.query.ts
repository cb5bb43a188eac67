import { Query } from '@nestjs/cqrs';

/**
 * Asks whether the configured gateway takes `paymentMethod` (sandbox: its test cards; Stripe:
 * PaymentMethod ids), before a saga starts. Answered with null, or the reason for a 400.
 */
export class CheckPaymentMethod extends Query<string | null> {
  constructor(readonly paymentMethod: string) {
    super();
  }
}
