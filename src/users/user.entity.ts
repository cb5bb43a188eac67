import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { epochMs } from '../infra/database/epoch-ms.transformer.js';

export type UserStatus = 'PENDING' | 'ACTIVE' | 'DELETED';

/**
 * An account. It is created PENDING by a registration saga and stays so until that saga
 * completes (the semantic lock), so no reader ever sees a half-registered user as ACTIVE.
 */
@Entity('users')
@Index('UQ_users_live_email', ['email'], { unique: true, where: `status <> 'DELETED'` })
export class User {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** The saga that created this account: makes CreateAccount idempotent. */
  @Column({ name: 'saga_id', type: 'varchar', length: 36, unique: true })
  sagaId: string;

  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  name: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: UserStatus;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMs })
  createdAt: number;

  @Column({ name: 'updated_at', type: 'bigint', transformer: epochMs })
  updatedAt: number;
}
