import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { epochMs } from '../../infra/database/epoch-ms.transformer.js';
import type { Direction } from './saga-definition.js';
import type { SagaStatus } from './saga-status.js';

/**
 * One saga of any type: which definition (type and version) it runs under, its input, where it
 * stands, its semantic lock, and when it next needs attention. Its steps' outputs are in
 * `saga_steps`. The whole progress is in these rows, so a restarted process picks it up from
 * here (see SagaScheduler).
 */
@Entity('sagas')
@Index('IDX_sagas_created', ['createdAt', 'id'])
@Index('IDX_sagas_status_created', ['status', 'createdAt', 'id'])
@Index('IDX_sagas_wake_at', ['wakeAt'])
@Index('IDX_sagas_owner', ['owner'])
// The list's type and e-mail filters: indexes on expressions TypeORM cannot describe, made by
// migration ConsoleIndexes1796173300000 (on expressions so the engine's own queries never pick them).
@Index('IDX_sagas_type_created', { synchronize: false })
@Index('IDX_sagas_email_key', { synchronize: false })
export class SagaInstance {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 32 })
  type: string;

  /** The version of the definition the saga started with; it never runs under another. */
  @Column({ name: 'definition_version', type: 'integer' })
  definitionVersion: number;

  @Column({ type: 'varchar', length: 24 })
  status: SagaStatus;

  /** What the saga was started with, as its definition reads it. */
  @Column({ type: 'simple-json' })
  input: Record<string, unknown>;

  /**
   * The definition's semantic lock while the saga holds it, else null. Unique, so two sagas on
   * one thing (one e-mail, one user) cannot both start, however close together.
   */
  @Column({ name: 'lock_key', type: 'varchar', length: 300, nullable: true, unique: true })
  lockKey: string | null;

  /** `<type>:<Idempotency-Key>`: a key replays a saga of its own type only. */
  @Column({ name: 'idempotency_key', type: 'varchar', length: 300, nullable: true, unique: true })
  idempotencyKey: string | null;

  /** Fingerprint of the request body, to tell a replay from a reuse of the key (422). */
  @Column({ name: 'request_hash', type: 'varchar', length: 64, nullable: true })
  requestHash: string | null;

  /**
   * `|email:ada@example.com|userId:…|`: the definition's search keys, for GET /sagas filters.
   * Rewritten only when a step's output adds one, so most decisions leave it alone.
   */
  @Column({ name: 'search_keys', type: 'varchar', length: 600, nullable: true })
  searchKeys: string | null;

  @Column({ name: 'incident_id', type: 'varchar', length: 32, nullable: true })
  incidentId: string | null;

  /** Running steps or undoing them. */
  @Column({ type: 'varchar', length: 16 })
  direction: Direction;

  /** The position of the step being run or compensated. */
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

  /** Sequence number of the newest history entry. */
  @Column({ name: 'history_seq', type: 'integer', default: 0 })
  historySeq: number;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMs })
  createdAt: number;

  @Column({ name: 'updated_at', type: 'bigint', transformer: epochMs })
  updatedAt: number;

  @Column({ name: 'finished_at', type: 'bigint', nullable: true, transformer: epochMs })
  finishedAt: number | null;

  /**
   * The W3C `traceparent` of the saga's trace (tracing on), so attempts run after a restart or
   * by another instance join the same trace; null when tracing was off at its start.
   */
  @Column({ name: 'trace_parent', type: 'varchar', length: 55, nullable: true })
  traceParent: string | null;
}
