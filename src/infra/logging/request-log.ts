import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { traceIdOf } from '../tracing/trace-parent.js';
import { maskUrlEmails } from './mask-email.js';

/** Scrapes and probes: logged at trace, so a debug log is not all health checks. */
const PROBES = new Set(['/health', '/metrics']);

/**
 * One line per request, when its level is enabled: failures at warn (4xx) or error (5xx and
 * requests the client abandoned), successes at debug. Method, path, status and time only:
 * headers, and so credentials, never reach the logs. Mounted before the body parser, so a
 * malformed or oversized body is logged too.
 *
 * Why not pino-http, which nestjs-pino applies by default: it builds two child loggers per
 * request, whether or not anything is logged, and wraps the request in an AsyncLocalStorage
 * scope. Measured with `npm run bench`, that was 10 % of the service's throughput (about 930
 * against 1,030 registrations/s); this does nothing for a request whose line is not enabled.
 */
export function requestLog(logger: () => Logger): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const startedAt = performance.now();
    // 'close' comes after 'finish' for a response that was sent, and alone for one abandoned.
    res.once('close', () => {
      const abandoned = !res.writableFinished;
      const level = abandoned || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : PROBES.has(req.path) ? 'trace' : 'debug';
      const log = logger();
      if (!log.isLevelEnabled(level)) return;
      const responseTime = Math.round(performance.now() - startedAt);
      const outcome = abandoned ? 'abandoned by the client' : level === 'debug' || level === 'trace' ? 'completed' : 'failed';
      // A query can name someone (`/sagas?email=`): the URL is masked, in its field and its message.
      const url = maskUrlEmails(req.originalUrl);
      // Flat fields: pino's standard serializers would reshape `req` and `res` objects.
      // The request's trace (with the HTTP instrumentation on, its server span's context is this header).
      const header = req.headers?.traceparent;
      const traceId = typeof header === 'string' ? traceIdOf(header) : null;
      log[level](
        { context: 'HTTP', method: req.method, url, statusCode: res.statusCode, responseTime, ...(traceId && { traceId }) },
        `${req.method} ${url} ${outcome}: ${res.statusCode} in ${responseTime} ms`,
      );
    });
    next();
  };
}
