import type { ValueTransformer } from 'typeorm';

/**
 * Times are stored as epoch milliseconds in a BIGINT: one column type that means the same on
 * SQLite and PostgreSQL, compares cheaply in the scheduler's `wake_at <= now`, and keeps
 * millisecond precision. PostgreSQL hands BIGINT back as a string, hence the transformer.
 */
export const epochMs: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null || value === undefined ? null : Number(value)),
};
