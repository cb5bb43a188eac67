import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { epochMs } from '../infra/database/epoch-ms.transformer.js';

export type UserStatus = 'PENDING' | 'ACTIVE' | 'SUSPENDED' | 'DELETED';

/**
 * An account. It is created PENDING by a registration saga and stays so until that saga
 * completes (the semantic lock), so no reader ever sees a half-registered user as ACTIVE.
 * An account-closure saga holds it SUSPENDED (a lock of its own) until it is DELETED, or
 * ACTIVE again when the closure is compensated. SUSPENDED keeps the e-mail taken.
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

  /**
   * The saga that last suspended this account or released it, kept afterwards: it makes
   * SuspendAccount, ReactivateAccount and CloseAccount idempotent per saga, and it refuses a
   * suspension that arrives after its own saga already released the account.
   */
  @Column({ name: 'suspension_saga_id', type: 'varchar', length: 36, nullable: true })
  suspensionSagaId: string | null;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMs })
  createdAt: number;

  @Column({ name: 'updated_at', type: 'bigint', transformer: epochMs })
  updatedAt: number;
}
