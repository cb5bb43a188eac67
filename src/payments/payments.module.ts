import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChargePaymentHandler } from './charge-payment.handler.js';
import { CheckPaymentMethodHandler } from './check-payment-method.handler.js';
import { Payment } from './payment.entity.js';
import { paymentGatewayProvider } from './payment-gateway.provider.js';
import { PaymentsController } from './payments.controller.js';
import { RefundPaymentHandler } from './refund-payment.handler.js';
import { RefundUserChargesHandler } from './refund-user-charges.handler.js';

@Module({
  imports: [TypeOrmModule.forFeature([Payment])],
  controllers: [PaymentsController],
  providers: [ChargePaymentHandler, RefundPaymentHandler, RefundUserChargesHandler, CheckPaymentMethodHandler, paymentGatewayProvider],
})
export class PaymentsModule {}
