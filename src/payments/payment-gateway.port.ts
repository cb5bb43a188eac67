export interface ChargeRequest {
  idempotencyKey: string;
  /** In the currency's minor unit (9999 for 99.99 USD, 1000 for 1000 JPY). */
  amountCents: number;
  currency: string;
  paymentMethod: string;
  receiptEmail: string;
}

export type ChargeResult = { status: 'succeeded'; chargeId: string } | { status: 'declined'; declineCode: string };

export interface RefundRequest {
  idempotencyKey: string;
  chargeId: string;
  amountCents: number;
  receiptEmail: string;
}

/**
 * The card network as the payments module sees it. Every call carries an idempotency key so
 * that a retry after a timeout or a crash cannot charge or refund twice. A decline is an answer,
 * not an error; a transient failure throws ProviderUnavailableError (or anything else), a request
 * the provider refuses for good throws ProviderRefusedError (not retried).
 */
export abstract class PaymentGateway {
  abstract charge(request: ChargeRequest): Promise<ChargeResult>;
  abstract refund(request: RefundRequest): Promise<{ refundId: string }>;
  /** Null when this gateway takes `paymentMethod`; otherwise why not, to answer a 400 with. */
  abstract checkPaymentMethod(paymentMethod: string): string | null;
}
