import Stripe from 'stripe';
import { ProviderRefusedError } from '../infra/faults/provider-refused.error.js';
import { ProviderUnavailableError } from '../infra/faults/provider-unavailable.error.js';
import { type ChargeRequest, type ChargeResult, PaymentGateway, type RefundRequest } from './payment-gateway.port.js';

/** What Stripe calls a PaymentMethod id: `pm_1Q...`, or a test token such as `pm_card_visa` (64 characters at most, as stored). */
const PAYMENT_METHOD_ID = /^pm_[A-Za-z0-9_]{1,61}$/;

export interface StripeSettings {
  secretKey: string;
  /** http(s)://host[:port] of a proxy or a local stand-in; undefined: api.stripe.com. */
  apiUrl?: string;
  /** Per request; the saga's attempt deadline applies on top. */
  timeoutMs: number;
}

/** The SDK's connection settings for `apiUrl` (the SDK takes host, port and protocol apart). */
function endpoint(apiUrl: string | undefined): Pick<Stripe.StripeConfig, 'host' | 'port' | 'protocol'> {
  if (!apiUrl) return {};
  const url = new URL(apiUrl);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { host: url.hostname, port: url.port || (protocol === 'http' ? 80 : 443), protocol };
}

/**
 * Stripe behind the PaymentGateway port: one PaymentIntent created and confirmed per charge key,
 * a refund per compensation key. The SDK's own retries are off (`maxNetworkRetries: 0`), so every
 * attempt is one the saga decided, counted and recorded; Stripe replays the first answer of a key,
 * so a retry after a lost answer cannot charge twice.
 */
export class StripePaymentGateway extends PaymentGateway {
  private readonly stripe: Stripe;

  constructor(settings: StripeSettings) {
    super();
    this.stripe = new Stripe(settings.secretKey, {
      maxNetworkRetries: 0,
      timeout: settings.timeoutMs,
      telemetry: false,
      appInfo: { name: 'registration-saga' },
      ...endpoint(settings.apiUrl),
    });
  }

  checkPaymentMethod(paymentMethod: string): string | null {
    return PAYMENT_METHOD_ID.test(paymentMethod) ? null : 'paymentMethod must be a Stripe PaymentMethod id (pm_...)';
  }

  async charge(request: ChargeRequest): Promise<ChargeResult> {
    // Already in the currency's minor unit, as Stripe counts (checked exactly at the API's edge).
    const amount = request.amountCents;
    try {
      // The same parameters on every attempt: Stripe answers a key reused with others with an idempotency_error.
      const intent = await this.stripe.paymentIntents.create(
        {
          amount,
          currency: request.currency.toLowerCase(),
          payment_method: request.paymentMethod,
          confirm: true,
          // Confirmed here, server-side: a method that needs a redirect cannot complete.
          automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
          metadata: { idempotency_key: request.idempotencyKey },
        },
        { idempotencyKey: request.idempotencyKey },
      );
      if (intent.status === 'succeeded') return { status: 'succeeded', chargeId: intent.id };
      // 3-D Secure and the like need the cardholder, who is not here: as good as a decline.
      if (intent.status === 'requires_action' || intent.status === 'requires_payment_method') {
        return { status: 'declined', declineCode: 'authentication_required' };
      }
      throw new ProviderUnavailableError(`Stripe PaymentIntent ${intent.id} is ${intent.status}`);
    } catch (error) {
      if (error instanceof Stripe.errors.StripeCardError) {
        return { status: 'declined', declineCode: error.decline_code ?? error.code ?? 'card_declined' };
      }
      throw classified(error);
    }
  }

  async refund(request: RefundRequest): Promise<{ refundId: string }> {
    try {
      // The whole PaymentIntent: a compensation undoes the charge, not part of it.
      const refund = await this.stripe.refunds.create({ payment_intent: request.chargeId }, { idempotencyKey: request.idempotencyKey });
      return { refundId: refund.id };
    } catch (error) {
      throw classified(error);
    }
  }
}

/**
 * Network errors, timeouts, 409 (the same key still executing), 429 and 5xx are transient: the
 * saga retries them with the same key. Every other Stripe error (invalid request, idempotency,
 * authentication, permission) is the request's own fault and is not retried. Stripe's messages
 * never hold the secret key (it masks it); they are passed on as they are.
 */
function classified(error: unknown): Error {
  if (!(error instanceof Stripe.errors.StripeError)) return error instanceof Error ? error : new Error(String(error));
  const status = error.statusCode;
  const what = `Stripe ${error.rawType ?? error.type}${status ? ` ${status}` : ''}${error.code ? ` ${error.code}` : ''}: ${error.message}`;
  const transient =
    error instanceof Stripe.errors.StripeConnectionError ||
    error instanceof Stripe.errors.StripeRateLimitError ||
    status === undefined ||
    status === 409 ||
    status >= 500;
  return transient ? new ProviderUnavailableError(what) : new ProviderRefusedError(what);
}
