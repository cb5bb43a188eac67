// First: the HTTP and pg instrumentation's require hooks (tracing on only) before express and pg load.
import './infra/tracing/instrumentation.js';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger as PinoLogger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { ConfigError, loadConfig } from './config/app-config.js';
import { accessNotice } from './infra/auth/access-notice.js';
import { DatabaseFileInUseError } from './infra/database/database-file.js';
import { configureHttp } from './infra/http/configure-http.js';
import { ConnectionDrainer } from './infra/http/connection-drainer.js';
import { limitHttpServer } from './infra/http/http-server-limits.js';

const HARD_STOP_MS = 9_000;

async function bootstrap(): Promise<void> {
  const config = loadConfig(process.env);
  // A failed start rejects here (abortOnError off) with its buffered lines unprinted (flushed
  // by hand below instead), to be reported in one line.
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    bufferLogs: true,
    autoFlushLogs: false,
    abortOnError: false,
  });
  app.useLogger(app.get(PinoLogger));
  app.flushLogs();
  configureHttp(app);
  limitHttpServer(app.getHttpServer(), config);
  const connections = new ConnectionDrainer(app.getHttpServer());
  await app.listen(config.PORT, '0.0.0.0');
  const notice = accessNotice(config.API_KEYS);
  new Logger('Access')[notice.level](notice.text);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void drainAndExit(app, connections, signal));
}

/**
 * Stop taking connections (those open close after their current answer), answer every request
 * waiting on `Prefer: wait` with its saga as it stands (SagaCompletion), let the sagas this
 * process is driving reach a resting point (see SagaScheduler), wait for the last answers to
 * go out, close the database, exit 0. Whatever is still out is in the database and is picked up
 * by the next start. Nest's own shutdown hooks would re-raise the signal and exit non-zero,
 * hence this handler.
 */
async function drainAndExit(app: NestExpressApplication, connections: ConnectionDrainer, signal: string): Promise<void> {
  const logger = new Logger('Shutdown');
  logger.log(`${signal} received: draining`);
  setTimeout(() => {
    logger.warn('Drain took too long; exiting, unfinished sagas resume on the next start');
    process.exit(0);
  }, HARD_STOP_MS).unref();
  // Nest's close() waits for the server to close, that is for these connections to end.
  void connections.close(HARD_STOP_MS - 1_000);
  await app.close();
  process.exit(0);
}

bootstrap().catch((error: unknown) => {
  // A bad setting, or a database file another process serves, is the operator's to fix: one
  // line, no stack trace.
  console.error(error instanceof ConfigError || error instanceof DatabaseFileInUseError ? error.message : error);
  process.exit(1);
});
