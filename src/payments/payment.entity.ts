import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { epochMs } from '../infra/database/epoch-ms.transformer.js';

export type PaymentStatus = 'CHARGED' | 'REFUNDED' | 'DECLINED';

@Entity('payments')
@Index('IDX_payments_user', ['userId'])
export class Payment {
  /** The transaction id the saga and the operators quote. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'saga_id', type: 'varchar', length: 36 })
  sagaId: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId: string;

  /** The charge's idempotency key: one payment row per saga step, however often it is delivered. */
  @Column({ name: 'charge_key', type: 'varchar', length: 120, unique: true })
  chargeKey: string;

  /** Money in cents: no binary fractions in amounts. */
  @Column({ name: 'amount_cents', type: 'integer' })
  amountCents: number;

  @Column({ type: 'varchar', length: 3 })
  currency: string;

  @Column({ name: 'payment_method', type: 'varchar', length: 64 })
  paymentMethod: string;

  @Column({ name: 'receipt_email', type: 'varchar', length: 254 })
  receiptEmail: string;

  @Column({ type: 'varchar', length: 16 })
  status: PaymentStatus;

  @Column({ name: 'provider_charge_id', type: 'varchar', length: 64, nullable: true })
  providerChargeId: string | null;

  @Column({ name: 'decline_code', type: 'varchar', length: 64, nullable: true })
  declineCode: string | null;

  @Column({ name: 'refund_id', type: 'varchar', length: 64, nullable: true })
  refundId: string | null;

  /**
   * The idempotency key the refund was made with, when a closure's RefundUserCharges made it
   * (null for a registration's compensation): unique, one refund per key, and how a redelivered
   * command finds what it refunded.
   */
  @Column({ name: 'refund_key', type: 'varchar', length: 200, nullable: true, unique: true })
  refundKey: string | null;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMs })
  createdAt: number;

  @Column({ name: 'updated_at', type: 'bigint', transformer: epochMs })
  updatedAt: number;
}
