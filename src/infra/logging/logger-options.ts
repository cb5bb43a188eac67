import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { Options } from 'pino-http';
import pretty from 'pino-pretty';
import type { AppConfig } from '../../config/app-config.js';

/**
 * JSON lines for machines (the default), or the seed's human narration for a person at a
 * terminal (LOG_FORMAT=pretty). Lines about a saga carry its `sagaId` field in both.
 */
export function loggerOptions(config: AppConfig): Params {
  const options: Options = {
    level: config.LOG_LEVEL,
    // Request lines only where they help: failures always, successes at debug.
    customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
      error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'debug',
    autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' || req.url === '/metrics' },
    redact: ['req.headers.authorization', 'req.headers.cookie'],
    // Lines logged while serving a request carry its id, not the whole request.
    quietReqLogger: true,
    quietResLogger: true,
  };
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
