import { Injectable } from '@nestjs/common';
import { sandboxId } from '../infra/sandbox/sandbox-id.js';
import { SandboxProvider } from '../infra/sandbox/sandbox-provider.js';
import { type ChargeRequest, type ChargeResult, PaymentGateway, type RefundRequest } from './payment-gateway.port.js';

/** The contract's test cards; anything else is refused at the API before a saga starts. */
export const SANDBOX_PAYMENT_METHODS = {
  pm_card_visa: null,
  pm_card_mastercard: null,
  pm_card_chargeDeclinedInsufficientFunds: 'insufficient_funds',
  pm_card_chargeDeclined: 'card_declined',
} as const satisfies Record<string, string | null>;

export type SandboxPaymentMethod = keyof typeof SANDBOX_PAYMENT_METHODS;

@Injectable()
export class SandboxPaymentGateway extends PaymentGateway {
  constructor(private readonly sandbox: SandboxProvider) {
    super();
  }

  charge(request: ChargeRequest): Promise<ChargeResult> {
    return this.sandbox.request('payments.charge', request.idempotencyKey, (): ChargeResult => {
      const declineCode = SANDBOX_PAYMENT_METHODS[request.paymentMethod as SandboxPaymentMethod] ?? null;
      return declineCode ? { status: 'declined', declineCode } : { status: 'succeeded', chargeId: sandboxId('ch') };
    });
  }

  checkPaymentMethod(paymentMethod: string): string | null {
    return Object.hasOwn(SANDBOX_PAYMENT_METHODS, paymentMethod)
      ? null
      : `paymentMethod must be one of: ${Object.keys(SANDBOX_PAYMENT_METHODS).join(', ')}`;
  }

  refund(request: RefundRequest): Promise<{ refundId: string }> {
    return this.sandbox.request('payments.refund', request.idempotencyKey, () => ({ refundId: sandboxId('re') }));
  }
}
