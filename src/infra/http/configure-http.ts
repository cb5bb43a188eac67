import { ValidationPipe, type INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { PinoLogger } from 'nestjs-pino';
import { requestLog } from '../logging/request-log.js';
import { HttpExceptionFilter } from './http-exception.filter.js';
import { setupOpenApi } from './openapi.js';
import { securityHeaders } from './security-headers.js';

/** The HTTP behaviour the contract fixes, shared by main.ts and the e2e tests. */
export function configureHttp(app: INestApplication): void {
  const express = app as NestExpressApplication;
  // First, so requests the body parser refuses are logged too. The root logger is read per
  // request: nestjs-pino sets it when the application initialises.
  express.use(requestLog(() => PinoLogger.root));
  express.use(securityHeaders());
  express.useBodyParser('json', { limit: '100kb' });
  express.disable('x-powered-by');
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.useGlobalFilters(new HttpExceptionFilter());
  setupOpenApi(app);
}
