import { type DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfig } from '../../config/app-config.js';
import { loggerOptions } from './logger-options.js';
import { UnhandledExceptionLogger } from './unhandled-exception.logger.js';

/**
 * pino through nestjs-pino for every log line of the application. Its request logger
 * (pino-http) is switched off for every route: request lines come from `requestLog`, mounted
 * by configureHttp (see there for why). Handler exceptions are logged with their stack
 * (UnhandledExceptionLogger).
 */
@Module({})
export class LoggingModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: LoggingModule,
      imports: [LoggerModule.forRoot({ ...loggerOptions(config), exclude: [{ path: '{/*splat}', method: RequestMethod.ALL }] })],
      providers: [UnhandledExceptionLogger],
    };
  }
}
