import { FaultInjector } from '../infra/faults/fault-injector.js';
import { type ChargeRequest, type ChargeResult, PaymentGateway, type RefundRequest } from './payment-gateway.port.js';

/**
 * The fault boundary of the payments module: injected failures and hangs act here, in front of
 * whichever gateway is configured, so the sandbox and Stripe see the same faults.
 */
export class FaultInjectingPaymentGateway extends PaymentGateway {
  constructor(
    private readonly inner: PaymentGateway,
    private readonly faults: FaultInjector,
  ) {
    super();
  }

  async charge(request: ChargeRequest): Promise<ChargeResult> {
    await this.faults.intercept('payments.charge', request.receiptEmail);
    return this.inner.charge(request);
  }

  async refund(request: RefundRequest): Promise<{ refundId: string }> {
    await this.faults.intercept('payments.refund', request.receiptEmail);
    return this.inner.refund(request);
  }

  checkPaymentMethod(paymentMethod: string): string | null {
    return this.inner.checkPaymentMethod(paymentMethod);
  }
}
