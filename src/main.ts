import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger as PinoLogger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { ConfigError, loadConfig } from './config/app-config.js';
import { accessNotice } from './infra/auth/access-notice.js';
import { configureHttp } from './infra/http/configure-http.js';

const HARD_STOP_MS = 9_000;

async function bootstrap(): Promise<void> {
  const config = loadConfig(process.env);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bodyParser: false, bufferLogs: true });
  app.useLogger(app.get(PinoLogger));
  configureHttp(app);
  await app.listen(config.PORT, '0.0.0.0');
  const notice = accessNotice(config.API_KEYS);
  new Logger('Access')[notice.level](notice.text);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void drainAndExit(app, signal));
}

/**
 * Stop taking requests, let the sagas this process is driving reach a resting point (see
 * SagaScheduler), close the database, exit 0. Whatever is still out is in the database and is
 * picked up by the next start. Nest's own shutdown hooks would re-raise the signal and exit
 * non-zero, hence this handler.
 */
async function drainAndExit(app: NestExpressApplication, signal: string): Promise<void> {
  const logger = new Logger('Shutdown');
  logger.log(`${signal} received: draining`);
  setTimeout(() => {
    logger.warn('Drain took too long; exiting, unfinished sagas resume on the next start');
    process.exit(0);
  }, HARD_STOP_MS).unref();
  app.getHttpServer().close();
  await app.close();
  process.exit(0);
}

bootstrap().catch((error: unknown) => {
  // A bad setting is the operator's to fix: one line, no stack trace.
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
