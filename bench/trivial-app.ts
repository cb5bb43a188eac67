/**
 * The framework's ceiling for `npm run bench`: the service's HTTP stack with nothing behind it.
 * Nest 12 on platform-express with the service's own configureHttp (100 kB JSON body parser,
 * global ValidationPipe with whitelist/forbidNonWhitelisted/transform, the JSON exception filter,
 * the OpenAPI routes) and its nestjs-pino request logger, all imported from the built service
 * (BENCH_SERVICE_DIR), and one POST route that validates a registration-sized DTO and answers 202.
 */
import 'reflect-metadata';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Body, Controller, type DynamicModule, Get, HttpCode, type INestApplication, Module, Post, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
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

async function main(): Promise<void> {
  const serviceDir = resolve(process.env.BENCH_SERVICE_DIR ?? 'dist');
  const http = await fromService<{ configureHttp: ConfigureHttp }>(serviceDir, 'infra/http/configure-http.js');
  const logging = await fromService<{ loggerOptions: (config: unknown) => Params }>(serviceDir, 'infra/logging/logger-options.js');
  const config = await fromService<{ loadConfig: (env: NodeJS.ProcessEnv) => unknown }>(serviceDir, 'config/app-config.js');
  const loggerParams = logging && config ? logging.loggerOptions(config.loadConfig(process.env)) : null;

  const root: DynamicModule = { module: PingModule, imports: loggerParams ? [LoggerModule.forRoot(loggerParams)] : [] };
  const app = await NestFactory.create<NestExpressApplication>(root, { bodyParser: false, bufferLogs: true, logger: loggerParams ? undefined : ['error', 'warn'] });
  if (loggerParams) app.useLogger(app.get(PinoLogger));
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
