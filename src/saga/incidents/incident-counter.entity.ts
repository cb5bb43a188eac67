import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The last incident number handed out on a UTC day; bumped atomically by an upsert. */
@Entity('incident_counters')
export class IncidentCounter {
  @PrimaryColumn({ type: 'varchar', length: 10 })
  day: string;

  @Column({ type: 'integer' })
  last: number;
}
