import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { epochMs } from '../../infra/database/epoch-ms.transformer.js';
import type { Direction } from '../registration/registration-steps.js';

export const UNFINISHED_SAGA_STATUSES = ['RUNNING', 'COMPENSATING'] as const;
export const FINAL_SAGA_STATUSES = ['COMPLETED', 'ROLLED_BACK', 'PARTIALLY_ROLLED_BACK'] as const;
export const SAGA_STATUSES = [...UNFINISHED_SAGA_STATUSES, ...FINAL_SAGA_STATUSES] as const;
export type SagaStatus = (typeof SAGA_STATUSES)[number];

export const isFinal = (status: SagaStatus) => (FINAL_SAGA_STATUSES as readonly string[]).includes(status);

/**
 * One registration saga: the request it serves, where it stands, and when it next needs
 * attention. The saga's whole progress is in this row and its steps, so a restarted process
 * picks it up from here (see SagaScheduler).
 */
@Entity('sagas')
@Index('IDX_sagas_created', ['createdAt', 'id'])
@Index('IDX_sagas_status_created', ['status', 'createdAt', 'id'])
@Index('IDX_sagas_wake_at', ['wakeAt'])
@Index('IDX_sagas_owner', ['owner'])
export class Saga {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 32 })
  type: 'user-registration';

  @Column({ type: 'varchar', length: 24 })
  status: SagaStatus;

  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  name: string | null;

  @Column({ name: 'amount_cents', type: 'integer' })
  amountCents: number;

  @Column({ type: 'varchar', length: 3 })
  currency: string;

  @Column({ name: 'payment_method', type: 'varchar', length: 64 })
  paymentMethod: string;

  /**
   * The e-mail while this saga may leave a live (PENDING or ACTIVE) account behind, else null.
   * Unique, so two registrations of one address cannot both start, however close together.
   */
  @Column({ name: 'email_lock', type: 'varchar', length: 254, nullable: true, unique: true })
  emailLock: string | null;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 255, nullable: true, unique: true })
  idempotencyKey: string | null;

  /** Fingerprint of the request body, to tell a replay from a reuse of the key (422). */
  @Column({ name: 'request_hash', type: 'varchar', length: 64, nullable: true })
  requestHash: string | null;

  @Column({ name: 'user_id', type: 'varchar', length: 36, nullable: true })
  userId: string | null;

  @Column({ name: 'transaction_id', type: 'varchar', length: 36, nullable: true })
  transactionId: string | null;

  @Column({ name: 'notification_id', type: 'varchar', length: 36, nullable: true })
  notificationId: string | null;

  @Column({ name: 'incident_id', type: 'varchar', length: 32, nullable: true })
  incidentId: string | null;

  /** What the saga is doing now: running steps, undoing them, or activating the account. */
  @Column({ type: 'varchar', length: 16 })
  phase: Direction;

  /** The step being run or compensated (the last step while activating). */
  @Column({ name: 'step_index', type: 'integer' })
  stepIndex: number;

  /** 'result': an attempt is out, wakeAt is its deadline; 'retry': wakeAt is the next attempt. */
  @Column({ type: 'varchar', length: 8, nullable: true })
  awaiting: 'result' | 'retry' | null;

  @Column({ name: 'wake_at', type: 'bigint', nullable: true, transformer: epochMs })
  wakeAt: number | null;

  /** The outstanding attempt's deadline: past it, the attempt has timed out. */
  @Column({ name: 'deadline_at', type: 'bigint', nullable: true, transformer: epochMs })
  deadlineAt: number | null;

  /** The instance that sent the outstanding attempt and renews its lease. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  owner: string | null;

  /** When the outstanding attempt was sent: measures how long each attempt took. */
  @Column({ name: 'attempt_sent_at', type: 'bigint', nullable: true, transformer: epochMs })
  attemptSentAt: number | null;

  @Column({ name: 'activation_attempts', type: 'integer', default: 0 })
  activationAttempts: number;

  /** Sequence number of the newest history entry. */
  @Column({ name: 'history_seq', type: 'integer', default: 0 })
  historySeq: number;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMs })
  createdAt: number;

  @Column({ name: 'updated_at', type: 'bigint', transformer: epochMs })
  updatedAt: number;

  @Column({ name: 'finished_at', type: 'bigint', nullable: true, transformer: epochMs })
  finishedAt: number | null;
}
