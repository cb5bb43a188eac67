import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { CheckPaymentMethod } from '../../payments/index.js';
import type { RegisterDto } from './register.dto.js';

/**
 * Which payment methods a registration may name depends on the configured gateway (the
 * sandbox's test cards, or Stripe's `pm_...` ids), which a DTO decorator cannot see: the
 * payments module is asked, after the DTO's own validation, and a refusal is a 400 of the same
 * shape as the ValidationPipe's.
 */
@Injectable()
export class AcceptedPaymentMethodPipe implements PipeTransform<RegisterDto, Promise<RegisterDto>> {
  constructor(private readonly queries: QueryBus) {}

  async transform(body: RegisterDto): Promise<RegisterDto> {
    const refusal = await this.queries.execute(new CheckPaymentMethod(body.paymentMethod));
    if (refusal !== null) throw new BadRequestException([refusal]);
    return body;
  }
}
