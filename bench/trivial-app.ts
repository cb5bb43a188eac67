/**
 * The framework's ceiling for `npm run bench`: the service's HTTP stack with nothing behind it.
 * Nest 12 on platform-express with the service's own configureHttp (100 kB JSON body parser,
 * global ValidationPipe with whitelist/forbidNonWhitelisted/transform, the JSON exception filter,
 * the OpenAPI routes) and its logging (nestjs-pino, and its request logger), all imported from the built service
 * (BENCH_SERVICE_DIR), and one POST route that validates a registration-sized DTO and answers 202.
 */
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Body, Controller, type DynamicModule, Get, HttpCode, type INestApplication, Module, Post, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { IsEmail, IsIn, IsNumber, IsOptional, IsPositive, IsString, Max, MaxLength } from 'class-validator';
import { LoggerModule, Logger as PinoLogger, type Params } from 'nestjs-pino';

class PingDto {
  @IsEmail() @MaxLength(254)
  email: string;

  @IsOptional() @IsString() @MaxLength(200)
  name?: string;

  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 }) @IsPositive() @Max(1_000_000)
  amount: number;

  @IsOptional() @IsString() @MaxLength(3)
  currency?: string;

  @IsIn(['pm_card_visa', 'pm_card_mastercard', 'pm_card_chargeDeclined', 'pm_card_chargeDeclinedInsufficientFunds'])
  paymentMethod: string;
}

@Controller()
class PingController {
  private seq = 0;

  @Post('ping')
  @HttpCode(202)
  ping(@Body() body: PingDto) {
    return { id: ++this.seq, email: body.email, status: 'ACCEPTED' };
  }

  @Get('health')
  health() {
    return { status: 'ok' };
  }
}

@Module({ controllers: [PingController] })
class PingModule {}

type ConfigureHttp = (app: INestApplication) => void;

async function fromService<T>(serviceDir: string, file: string): Promise<T | null> {
  try {
    return (await import(pathToFileURL(join(serviceDir, file)).href)) as T;
  } catch (error) {
    console.error(`trivial app: cannot load ${file} from ${serviceDir} (${(error as Error).message}); using a replica`);
    return null;
  }
}

/** What configure-http.ts did when the harness was written, for a service that no longer has it. */
const replicaConfigureHttp: ConfigureHttp = (app) => {
  const express = app as NestExpressApplication;
  express.useBodyParser('json', { limit: '100kb' });
  express.disable('x-powered-by');
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
};

/**
 * The service's logging as its build sets it up: its LoggingModule (nestjs-pino and its own
 * request logger) where it has one, else nestjs-pino with the build's options (pino-http).
 */
async function serviceLogging(serviceDir: string, config: unknown): Promise<DynamicModule[]> {
  if (existsSync(join(serviceDir, 'infra/logging/logging.module.js'))) {
    const logging = await fromService<{ LoggingModule: { forRoot(config: unknown): DynamicModule } }>(serviceDir, 'infra/logging/logging.module.js');
    if (logging) return [logging.LoggingModule.forRoot(config)];
  }
  const options = await fromService<{ loggerOptions: (config: unknown) => Params }>(serviceDir, 'infra/logging/logger-options.js');
  return options ? [LoggerModule.forRoot(options.loggerOptions(config))] : [];
}

async function main(): Promise<void> {
  const serviceDir = resolve(process.env.BENCH_SERVICE_DIR ?? 'dist');
  const http = await fromService<{ configureHttp: ConfigureHttp }>(serviceDir, 'infra/http/configure-http.js');
  const config = (await fromService<{ loadConfig: (env: NodeJS.ProcessEnv) => unknown }>(serviceDir, 'config/app-config.js'))?.loadConfig(process.env);
  const logging = config ? await serviceLogging(serviceDir, config) : [];
  const logs = logging.length > 0;
  // The service's logging reports unhandled bus errors from the UnhandledExceptionBus, which the (global) CqrsModule provides.
  const root: DynamicModule = { module: PingModule, imports: logs ? [CqrsModule.forRoot(), ...logging] : [] };
  const app = await NestFactory.create<NestExpressApplication>(root, { bodyParser: false, bufferLogs: true, logger: logs ? undefined : ['error', 'warn'] });
  if (logs) app.useLogger(app.get(PinoLogger));
  (http?.configureHttp ?? replicaConfigureHttp)(app);
  await app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
  process.once('SIGTERM', () => {
    void app.close().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
