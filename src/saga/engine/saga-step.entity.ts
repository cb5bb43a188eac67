import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMs } from '../../infra/database/epoch-ms.transformer.js';
import type { StepStatus } from './saga-status.js';

// SQLite: a WITHOUT ROWID table, found by its primary key only (migration WithoutRowid1795680000000).
@Entity('saga_steps', { withoutRowid: true })
export class SagaStep {
  @PrimaryColumn({ name: 'saga_id', type: 'varchar', length: 36 })
  sagaId: string;

  @PrimaryColumn({ type: 'integer' })
  position: number;

  @Column({ type: 'varchar', length: 32 })
  name: string;

  @Column({ type: 'varchar', length: 24 })
  status: StepStatus;

  @Column({ type: 'integer' })
  attempts: number;

  @Column({ name: 'compensation_attempts', type: 'integer' })
  compensationAttempts: number;

  /** What the step recorded when it succeeded; its compensation is built from it. */
  @Column({ type: 'simple-json', nullable: true })
  output: Record<string, unknown> | null;

  /** The latest failure of this step or of its compensation. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  error: string | null;

  @Column({ name: 'started_at', type: 'bigint', nullable: true, transformer: epochMs })
  startedAt: number | null;

  @Column({ name: 'finished_at', type: 'bigint', nullable: true, transformer: epochMs })
  finishedAt: number | null;
}
