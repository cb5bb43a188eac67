import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMs } from '../../infra/database/epoch-ms.transformer.js';

/** The saga's append-only audit trail: every result, failure, retry, compensation and status change. */
// SQLite: a WITHOUT ROWID table, found by its primary key only (migration WithoutRowid1795680000000).
@Entity('saga_history', { withoutRowid: true })
export class SagaHistory {
  @PrimaryColumn({ name: 'saga_id', type: 'varchar', length: 36 })
  sagaId: string;

  @PrimaryColumn({ type: 'integer' })
  seq: number;

  @Column({ type: 'bigint', transformer: epochMs })
  at: number;

  @Column({ type: 'varchar', length: 48 })
  type: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  step: string | null;

  @Column({ type: 'simple-json' })
  data: Record<string, unknown>;
}
