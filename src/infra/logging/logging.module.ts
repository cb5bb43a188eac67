import { type DynamicModule, type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfig } from '../../config/app-config.js';
import { loggerOptions } from './logger-options.js';
import { RequestLogMiddleware } from './request-log.middleware.js';

const EVERY_ROUTE = { path: '{/*splat}', method: RequestMethod.ALL };

/**
 * pino through nestjs-pino for every log line of the application, and RequestLogMiddleware for
 * the request lines (nestjs-pino's own request logger, pino-http, is switched off: see there).
 */
@Module({})
export class LoggingModule implements NestModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: LoggingModule,
      imports: [LoggerModule.forRoot({ ...loggerOptions(config), exclude: [EVERY_ROUTE] })],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestLogMiddleware).forRoutes(EVERY_ROUTE);
  }
}
