import { EventEmitter } from 'node:events';
import { describe, expect, it } from '@jest/globals';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { requestLog } from './request-log.js';

type Level = 'trace' | 'debug' | 'warn' | 'error';

function fakeLogger(enabled: Level[]) {
  const lines: Array<{ level: Level; fields: Record<string, unknown>; msg: string }> = [];
  const log = (level: Level) => (fields: Record<string, unknown>, msg: string) => lines.push({ level, fields, msg });
  const logger = {
    isLevelEnabled: (level: Level) => enabled.includes(level),
    trace: log('trace'),
    debug: log('debug'),
    warn: log('warn'),
    error: log('error'),
  };
  return { logger: logger as unknown as Logger, lines };
}

/** Runs one request through the middleware: the response finishes with `status`, or is abandoned (close without finish). */
function serve(middleware: RequestHandler, path: string, status: number, abandoned = false) {
  const res = Object.assign(new EventEmitter(), { statusCode: status, writableFinished: !abandoned });
  const req = { method: 'POST', originalUrl: `${path}?x=1`, path };
  let nextCalled = false;
  middleware(req as unknown as Request, res as unknown as Response, (() => (nextCalled = true)) as NextFunction);
  if (!abandoned) res.emit('finish');
  res.emit('close');
  res.emit('close');
  return nextCalled;
}

describe('requestLog', () => {
  it('logs a 4xx at warn and a 5xx at error, once each, with method, path, status and time', () => {
    const { logger, lines } = fakeLogger(['warn', 'error']);
    const middleware = requestLog(() => logger);
    expect(serve(middleware, '/registrations', 409)).toBe(true);
    serve(middleware, '/registrations', 500);
    serve(middleware, '/registrations', 202);
    expect(lines.map((l) => l.level)).toEqual(['warn', 'error']);
    expect(lines[0].fields).toMatchObject({ context: 'HTTP', method: 'POST', url: '/registrations?x=1', statusCode: 409 });
    expect(typeof lines[0].fields.responseTime).toBe('number');
    expect(lines[0].msg).toMatch(/^POST \/registrations\?x=1 failed: 409 in \d+ ms$/);
  });

  it('logs successes at debug, probes at trace, and a request the client abandoned at error', () => {
    const { logger, lines } = fakeLogger(['trace', 'debug', 'warn', 'error']);
    const middleware = requestLog(() => logger);
    serve(middleware, '/sagas', 200);
    serve(middleware, '/health', 200);
    serve(middleware, '/registrations', 200, true);
    expect(lines.map((l) => [l.level, l.msg.split(':')[0]])).toEqual([
      ['debug', 'POST /sagas?x=1 completed'],
      ['trace', 'POST /health?x=1 completed'],
      ['error', 'POST /registrations?x=1 abandoned by the client'],
    ]);
  });

  it('writes nothing when the level is off', () => {
    const { logger, lines } = fakeLogger([]);
    const middleware = requestLog(() => logger);
    serve(middleware, '/registrations', 503);
    expect(lines).toEqual([]);
  });
});
