import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChargePaymentHandler } from './charge-payment.handler.js';
import { Payment } from './payment.entity.js';
import { PaymentGateway } from './payment-gateway.port.js';
import { PaymentsController } from './payments.controller.js';
import { RefundPaymentHandler } from './refund-payment.handler.js';
import { RefundUserChargesHandler } from './refund-user-charges.handler.js';
import { SandboxPaymentGateway } from './sandbox-payment-gateway.js';

@Module({
  imports: [TypeOrmModule.forFeature([Payment])],
  controllers: [PaymentsController],
  providers: [ChargePaymentHandler, RefundPaymentHandler, RefundUserChargesHandler, { provide: PaymentGateway, useClass: SandboxPaymentGateway }],
})
export class PaymentsModule {}
