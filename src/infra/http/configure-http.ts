import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication, NestExpressBodyParserOptionsFor } from '@nestjs/platform-express';
import { PinoLogger } from 'nestjs-pino';
import { requestLog } from '../logging/request-log.js';
import { serverSpans } from '../tracing/server-spans.js';
import { serverSpanTracer } from '../tracing/tracer-provider.js';
import { HttpExceptionFilter } from './http-exception.filter.js';
import { setupOpenApi } from './openapi.js';
import { BoundedValidationPipe } from './validation/bounded-validation.pipe.js';
import { FORM_MEDIA_TYPE, JSON_MEDIA_TYPE, refuseHostileJson, requireJsonBodiesExceptFormsUnder } from './validation/json-body.middleware.js';
import { RouteTextPipe } from './validation/route-text.pipe.js';
import { securityHeaders } from './security-headers.js';

/** The HTTP behaviour the contract fixes, shared by main.ts and the e2e tests. */
export function configureHttp(app: INestApplication): void {
  const express = app as NestExpressApplication;
  // Before all: each request's server span (tracing on in the built service), whose context
  // replaces the caller's traceparent for everything after it.
  const spans = serverSpanTracer();
  if (spans) express.use(serverSpans(spans.tracer, spans.propagates));
  // First, so requests the body parser refuses are logged too. The root logger is read per
  // request: nestjs-pino sets it when the application initialises.
  express.use(requestLog(() => PinoLogger.root));
  express.use(securityHeaders());
  // Input at the edge, before anything parses or transforms it (validation/*.ts): only JSON
  // bodies, each a JSON object whose depth, size and strings are checked on its raw bytes; the
  // operator console's HTML forms (flat fields, 16 kB at most) under /console/ only.
  express.use(requireJsonBodiesExceptFormsUnder('/console/'));
  // Nest's type leaves `verify` out because `rawBody: true` would set it; this app never does.
  const jsonOptions = { limit: '100kb', type: JSON_MEDIA_TYPE, verify: refuseHostileJson } as NestExpressBodyParserOptionsFor<'json'>;
  express.useBodyParser('json', jsonOptions);
  express.useBodyParser('urlencoded', { limit: '16kb', type: FORM_MEDIA_TYPE, extended: false, parameterLimit: 20 } as NestExpressBodyParserOptionsFor<'urlencoded'>);
  express.disable('x-powered-by');
  app.useGlobalPipes(new RouteTextPipe(), new BoundedValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.useGlobalFilters(new HttpExceptionFilter());
  setupOpenApi(app);
}
