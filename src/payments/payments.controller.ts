import { Controller, Get, Query } from '@nestjs/common';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { UnitOfWork } from '../infra/database/unit-of-work.js';
import { Payment } from './payment.entity.js';

export class PaymentsQuery {
  @IsString() @MinLength(1) @MaxLength(64)
  userId: string;
}

@Controller('payments')
export class PaymentsController {
  constructor(private readonly uow: UnitOfWork) {}

  @Get()
  async list(@Query() query: PaymentsQuery) {
    const payments = await this.uow.read((manager) =>
      manager.find(Payment, { where: { userId: query.userId }, order: { createdAt: 'ASC' } }),
    );
    return payments.map((p) => ({
      id: p.id,
      userId: p.userId,
      sagaId: p.sagaId,
      amount: p.amountCents / 100,
      currency: p.currency,
      paymentMethod: p.paymentMethod,
      status: p.status,
      declineCode: p.declineCode,
      refundId: p.refundId,
      createdAt: new Date(p.createdAt).toISOString(),
      updatedAt: new Date(p.updatedAt).toISOString(),
    }));
  }
}
