import { ApiProperty } from '@nestjs/swagger';
import type { PaymentStatus } from './payment.entity.js';

// A record, so that a status added to the entity without being listed here fails to compile.
const PAYMENT_STATUS: Record<PaymentStatus, null> = { CHARGED: null, REFUNDED: null, DECLINED: null };

/** A charge as GET /payments lists it. */
export class PaymentView {
  @ApiProperty({ type: 'string', format: 'uuid', description: 'The transaction id the saga quotes.', example: '9e3b7a52-1c4d-4f6e-8b0a-2d5c7e9f1a34' })
  id: string;

  @ApiProperty({ type: 'string', format: 'uuid', example: '5d0c1a8e-6f1b-4c3e-8a2d-9b7e4f1c2a30' })
  userId: string;

  @ApiProperty({ type: 'string', format: 'uuid', example: '0b6f7c1e-2f4d-4b8a-9a61-3c2d5e7f9a10' })
  sagaId: string;

  @ApiProperty({ type: 'number', example: 99.99 })
  amount: number;

  @ApiProperty({ type: 'string', description: 'ISO 4217 code.', example: 'USD' })
  currency: string;

  @ApiProperty({ type: 'string', example: 'pm_card_visa' })
  paymentMethod: string;

  @ApiProperty({ enum: Object.keys(PAYMENT_STATUS), enumName: 'PaymentStatus', example: 'CHARGED' })
  status: PaymentStatus;

  @ApiProperty({ type: 'string', nullable: true, description: 'Why the card was declined.', example: null })
  declineCode: string | null;

  @ApiProperty({ type: 'string', nullable: true, description: "The gateway's refund id once refunded.", example: null })
  refundId: string | null;

  @ApiProperty({ type: 'string', format: 'date-time', example: '2026-11-22T10:15:30.200Z' })
  createdAt: string;

  @ApiProperty({ type: 'string', format: 'date-time', example: '2026-11-22T10:15:30.200Z' })
  updatedAt: string;
}
