import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { UnitOfWork } from '../infra/database/unit-of-work.js';
import { isoTime } from '../infra/http/iso-time.js';
import { fromMinorUnits } from '../infra/money/iso-currency.js';
import { ErrorBody } from '../infra/http/error-body.view.js';
import { Payment } from './payment.entity.js';
import { PaymentView } from './payment.view.js';
import { Access } from '../infra/auth/access.decorator.js';

export class PaymentsQuery {
  @ApiProperty({ type: 'string', minLength: 1, maxLength: 64, description: 'The user whose payments to list.' })
  @IsString() @MinLength(1) @MaxLength(64)
  userId: string;
}

@ApiTags('payments')
@Controller('payments')
export class PaymentsController {
  constructor(private readonly uow: UnitOfWork) {}

  @Get()
  @Access('viewer')
  @ApiOperation({ summary: "List a user's payments", description: 'Oldest first: each charge with its status, decline code and refund.' })
  @ApiOkResponse({ type: PaymentView, isArray: true })
  @ApiBadRequestResponse({ type: ErrorBody, description: '`userId` missing or invalid, or an unknown parameter.' })
  async list(@Query() query: PaymentsQuery) {
    const payments = await this.uow.read((manager) =>
      manager.find(Payment, { where: { userId: query.userId }, order: { createdAt: 'ASC' } }),
    );
    return payments.map((p) => ({
      id: p.id,
      userId: p.userId,
      sagaId: p.sagaId,
      amount: fromMinorUnits(p.amountCents, p.currency),
      currency: p.currency,
      paymentMethod: p.paymentMethod,
      status: p.status,
      declineCode: p.declineCode,
      refundId: p.refundId,
      createdAt: isoTime(p.createdAt),
      updatedAt: isoTime(p.updatedAt),
    }));
  }
}
