import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMs } from '../database/epoch-ms.transformer.js';

/**
 * What the sandbox card network and mail provider remember of each request, keyed by the
 * caller's idempotency key, the way Stripe keeps a key's first response. It lives in our database
 * only because the sandbox stands in for an outside service that outlives our process.
 */
// SQLite: a WITHOUT ROWID table, found by its primary key only (migration WithoutRowid1795680000000).
@Entity('sandbox_requests', { withoutRowid: true })
export class SandboxRequest {
  @PrimaryColumn({ name: 'idempotency_key', type: 'varchar', length: 200 })
  idempotencyKey: string;

  @Column({ type: 'varchar', length: 40 })
  operation: string;

  @Column({ type: 'simple-json' })
  response: unknown;

  /** How many times the key was presented; more than 1 means replays answered from memory. */
  @Column({ type: 'integer' })
  calls: number;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMs })
  createdAt: number;
}
