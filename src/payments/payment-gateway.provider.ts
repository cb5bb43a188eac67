import type { Provider } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { FaultInjector } from '../infra/faults/fault-injector.js';
import { SandboxProvider } from '../infra/sandbox/sandbox-provider.js';
import { FaultInjectingPaymentGateway } from './fault-injecting-payment-gateway.js';
import { PaymentGateway } from './payment-gateway.port.js';
import { SandboxPaymentGateway } from './sandbox-payment-gateway.js';

/**
 * The gateway PAYMENT_PROVIDER names, chosen once at start-up, behind the fault boundary. The
 * Stripe SDK is loaded only when chosen: it is most of a second of start-up on a busy machine.
 */
export const paymentGatewayProvider: Provider = {
  provide: PaymentGateway,
  inject: [AppConfig, FaultInjector, SandboxProvider],
  useFactory: async (config: AppConfig, faults: FaultInjector, sandbox: SandboxProvider): Promise<PaymentGateway> => {
    if (config.PAYMENT_PROVIDER !== 'stripe') return new FaultInjectingPaymentGateway(new SandboxPaymentGateway(sandbox), faults);
    const { StripePaymentGateway } = await import('./stripe-payment-gateway.js');
    const stripe = new StripePaymentGateway({
      // loadConfig refused to start without it.
      secretKey: config.STRIPE_SECRET_KEY!,
      apiUrl: config.STRIPE_API_URL,
      timeoutMs: config.SAGA_STEP_TIMEOUT_MS,
    });
    return new FaultInjectingPaymentGateway(stripe, faults);
  },
};
