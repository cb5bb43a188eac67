import { describe, expect, it } from '@jest/globals';
import { QueryFailedError } from 'typeorm';
import { DatabaseUnavailableError, isDatabaseFailure } from './database-unavailable.error.js';

const driverError = (fields: Record<string, unknown>) => Object.assign(new Error(String(fields.message ?? 'failed')), fields);
const failedQuery = (fields: Record<string, unknown>) => new QueryFailedError('COMMIT', [], driverError(fields));

describe('isDatabaseFailure', () => {
  it.each([
    ['a SQLite disk I/O error', failedQuery({ code: 'SQLITE_IOERR_WRITE' })],
    ['a full SQLite database', failedQuery({ code: 'SQLITE_FULL' })],
    ['a read-only SQLite file', failedQuery({ code: 'SQLITE_READONLY_DBMOVED' })],
    ['a PostgreSQL session terminated by an administrator', failedQuery({ code: '57P01', severity: 'FATAL' })],
    ['a full PostgreSQL disk', failedQuery({ code: '53100', severity: 'ERROR' })],
    ['a PostgreSQL database refusing connections', driverError({ code: '55000', severity: 'FATAL' })],
    ['a refused socket', driverError({ code: 'ECONNREFUSED' })],
    ['a connection lost mid-query', driverError({ message: 'Connection terminated unexpectedly' })],
    ['one already classified', new DatabaseUnavailableError(new Error('disk I/O error'))],
  ])('%s is the database failing', (_name, error) => {
    expect(isDatabaseFailure(error)).toBe(true);
  });

  it.each([
    ['a SQLite unique violation', failedQuery({ code: 'SQLITE_CONSTRAINT_UNIQUE' })],
    ['a PostgreSQL unique violation', failedQuery({ code: '23505', severity: 'ERROR' })],
    ['a PostgreSQL syntax error', failedQuery({ code: '42601', severity: 'ERROR' })],
    ['a plain error', new Error('boom')],
    ['a string', 'boom'],
  ])('%s is not', (_name, error) => {
    expect(isDatabaseFailure(error)).toBe(false);
  });

  it('answers 503 with a stable code and keeps the driver error for the logs', () => {
    const error = DatabaseUnavailableError.of(failedQuery({ code: 'SQLITE_IOERR_WRITE', message: 'disk I/O error' }));
    expect(error).toMatchObject({ code: 'DATABASE.UNAVAILABLE', kind: 'unavailable' });
    expect(error.reason).toContain('disk I/O error');
    expect(DatabaseUnavailableError.of(error)).toBe(error);
  });
});
