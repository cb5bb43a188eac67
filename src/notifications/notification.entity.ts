import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { epochMs } from '../infra/database/epoch-ms.transformer.js';

export type NotificationStatus = 'SENT' | 'FAILED' | 'CANCELLED';

@Entity('notifications')
@Index('IDX_notifications_user', ['userId'])
export class Notification {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'saga_id', type: 'varchar', length: 36 })
  sagaId: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId: string;

  /** The send's idempotency key: one notification per saga step, however often it is attempted. */
  @Column({ name: 'send_key', type: 'varchar', length: 120, unique: true })
  sendKey: string;

  @Column({ type: 'varchar', length: 16 })
  channel: 'email';

  @Column({ type: 'varchar', length: 254 })
  recipient: string;

  @Column({ type: 'varchar', length: 16 })
  status: NotificationStatus;

  @Column({ name: 'provider_message_id', type: 'varchar', length: 64, nullable: true })
  providerMessageId: string | null;

  /** The last delivery error, kept after a later attempt succeeds. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  error: string | null;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMs })
  createdAt: number;

  @Column({ name: 'updated_at', type: 'bigint', transformer: epochMs })
  updatedAt: number;
}
