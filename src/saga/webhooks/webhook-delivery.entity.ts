import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { epochMs } from '../../infra/database/epoch-ms.transformer.js';

export type WebhookDeliveryStatus = 'PENDING' | 'DELIVERED' | 'ABANDONED';

/**
 * The webhook outbox: one row per event a saga's decision caused, written in that decision's
 * transaction (WebhookOutbox), sent by the WebhookWorker. Its id is the `Webhook-Id` and the
 * event's id, the same on every retry. `seq` is the saga history entry that caused it: a saga's
 * event is sent only when every earlier one of the same saga is no longer PENDING (in order).
 */
@Entity('webhook_deliveries')
@Index('IDX_webhook_deliveries_due', ['status', 'nextAttemptAt'])
@Index('IDX_webhook_deliveries_saga', ['sagaId', 'seq'])
export class WebhookDelivery {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'saga_id', type: 'varchar', length: 36 })
  sagaId: string;

  @Column({ type: 'integer' })
  seq: number;

  /** `saga.completed`, `incident.opened`, ... (the contract's names). */
  @Column({ type: 'varchar', length: 40 })
  type: string;

  @Column({ type: 'simple-json' })
  data: Record<string, unknown>;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMs })
  createdAt: number;

  @Column({ type: 'varchar', length: 12 })
  status: WebhookDeliveryStatus;

  @Column({ type: 'integer' })
  attempts: number;

  @Column({ name: 'next_attempt_at', type: 'bigint', transformer: epochMs })
  nextAttemptAt: number;

  /** The instance sending it now, until `leaseUntil`: no other instance sends it meanwhile. */
  @Column({ name: 'lease_owner', type: 'varchar', length: 64, nullable: true })
  leaseOwner: string | null;

  @Column({ name: 'lease_until', type: 'bigint', nullable: true, transformer: epochMs })
  leaseUntil: number | null;

  @Column({ name: 'last_error', type: 'varchar', length: 300, nullable: true })
  lastError: string | null;

  @Column({ name: 'delivered_at', type: 'bigint', nullable: true, transformer: epochMs })
  deliveredAt: number | null;
}
