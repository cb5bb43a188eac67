import type { Params } from 'nestjs-pino';
import type { Options } from 'pino-http';
import pretty from 'pino-pretty';
import type { AppConfig } from '../../config/app-config.js';
import { logHygiene } from './log-hygiene.js';

/**
 * JSON lines for machines (the default), or the seed's human narration for a person at a
 * terminal (LOG_FORMAT=pretty). Lines about a saga carry its `sagaId` field in both. Request
 * lines come from `requestLog` (infra/logging/request-log.ts).
 */
export function loggerOptions(config: AppConfig): Params {
  // autoLogging off: pino-http is never mounted (LoggingModule), and if it were it must not log.
  const options: Options = { level: config.LOG_LEVEL, autoLogging: false, ...logHygiene };
  if (config.LOG_FORMAT === 'json') return { pinoHttp: options };
  const stream = pretty({
    colorize: process.stdout.isTTY,
    translateTime: 'HH:MM:ss.l',
    ignore: 'pid,hostname,context,req,res,responseTime,sagaId,event,step',
    messageFormat: '{if context}[{context}] {end}{msg}',
    hideObject: true,
  });
  return { pinoHttp: [options, stream] };
}
