import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CheckPaymentMethod } from './check-payment-method.query.js';
import { PaymentGateway } from './payment-gateway.port.js';

@QueryHandler(CheckPaymentMethod)
export class CheckPaymentMethodHandler implements IQueryHandler<CheckPaymentMethod, string | null> {
  constructor(private readonly gateway: PaymentGateway) {}

  execute({ paymentMethod }: CheckPaymentMethod): Promise<string | null> {
    return Promise.resolve(this.gateway.checkPaymentMethod(paymentMethod));
  }
}
