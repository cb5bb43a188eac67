import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pinoHttp } from 'pino-http';
import { DataSource, QueryFailedError } from 'typeorm';
import type { AppConfig } from '../../config/app-config.js';
import { DatabaseUnavailableError } from '../database/database-unavailable.error.js';
import { loggerOptions } from './logger-options.js';

/** The application's pino, built as nestjs-pino builds it, writing its lines into an array. */
function appLogger() {
  const lines: string[] = [];
  const stream = new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString()), done()) });
  const { pinoHttp: options } = loggerOptions({ LOG_LEVEL: 'info', LOG_FORMAT: 'json' } as AppConfig) as { pinoHttp: object };
  return { logger: pinoHttp(options, stream).logger, lines };
}

describe('errors in log lines', () => {
  const folder = mkdtempSync(join(tmpdir(), 'safe-error-'));
  const dataSource = new DataSource({ type: 'better-sqlite3', database: join(folder, 'db.sqlite') });
  let failure: QueryFailedError;

  beforeAll(async () => {
    await dataSource.initialize();
    await dataSource.query('CREATE TABLE people (email TEXT NOT NULL UNIQUE, name TEXT NOT NULL)');
    const insert = 'INSERT INTO people (email, name) VALUES (?, ?)';
    await dataSource.query(insert, ['ada.secret@example.com', 'Ada Secretname']);
    // A real failing write whose parameters hold an e-mail and a name.
    failure = await dataSource.query(insert, ['ada.secret@example.com', 'Ada Secretname']).then(
      () => { throw new Error('the duplicate insert succeeded'); },
      (error: unknown) => error as QueryFailedError,
    );
  });
  afterAll(async () => {
    await dataSource.destroy();
    rmSync(folder, { recursive: true, force: true });
  });

  it('the failure under test carries its parameters as fields, which the standard serializer would log', () => {
    expect(failure).toBeInstanceOf(QueryFailedError);
    expect(failure.parameters).toEqual(['ada.secret@example.com', 'Ada Secretname']);
  });

  it.each([
    ['a failed query as `err`', (e: QueryFailedError) => ({ err: e })],
    ['a failed query wrapped in DatabaseUnavailableError (its cause)', (e: QueryFailedError) => ({ err: DatabaseUnavailableError.of(e) })],
    ['a failed query as the first argument', (e: QueryFailedError) => e],
  ])('%s: type, masked message and stack only, no parameters, query or driver error', (_, fields) => {
    const { logger, lines } = appLogger();
    logger.error(fields(failure), 'The handler of RecordStepOutcome threw');
    expect(lines).toHaveLength(1);
    const text = lines[0];
    expect(text).not.toMatch(/ada\.secret|Secretname|INSERT|parameters|driverError|"query"/);
    const err = JSON.parse(text).err as Record<string, unknown>;
    const queryError = (err.type === 'DatabaseUnavailableError' ? err.cause : err) as Record<string, unknown>;
    expect(Object.keys(queryError).sort()).toEqual(['message', 'stack', 'type']);
    expect(queryError).toMatchObject({ type: 'QueryFailedError', message: expect.stringContaining('UNIQUE constraint failed: people.email') });
    expect(queryError.stack).toMatch(/^QueryFailedError: .*\n\s+at /);
  });
});
