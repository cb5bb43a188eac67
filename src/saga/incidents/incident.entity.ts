import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { epochMs } from '../../infra/database/epoch-ms.transformer.js';

export type IncidentStatus = 'OPEN' | 'RESOLVED';

/** A saga that could not undo everything: what is still in effect, and what a person must do. */
@Entity('incidents')
@Index('IDX_incidents_status_created', ['status', 'createdAt'])
@Index('IDX_incidents_created', ['createdAt', 'id'])
export class Incident {
  /** INC-YYYY-MM-DD-NNN, numbered per UTC day by IncidentCounter. */
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id: string;

  @Column({ name: 'saga_id', type: 'varchar', length: 36, unique: true })
  sagaId: string;

  @Column({ type: 'varchar', length: 16 })
  status: IncidentStatus;

  @Column({ type: 'text' })
  summary: string;

  @Column({ name: 'effects_in_place', type: 'simple-json' })
  effectsInPlace: string[];

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMs })
  createdAt: number;

  @Column({ name: 'resolved_at', type: 'bigint', nullable: true, transformer: epochMs })
  resolvedAt: number | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  /** The name of the API key that resolved it by hand; null while open or when a retry mended it. */
  @Column({ name: 'resolved_by', type: 'varchar', length: 64, nullable: true })
  resolvedBy: string | null;
}
