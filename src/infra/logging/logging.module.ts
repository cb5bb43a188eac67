import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfig } from '../../config/app-config.js';
import { loggerOptions } from './logger-options.js';
import { UnhandledExceptionLogger } from './unhandled-exception.logger.js';

/**
 * pino through nestjs-pino for every log line of the application. Its request logger
 * (pino-http) is mounted on no route at all: request lines come from `requestLog`, mounted by
 * configureHttp (see there for why). Not "on every route but excluded from all": Nest never
 * excludes a path holding a line terminator (`%0A`, `%0D`), a `#`, or not starting with `/`, so
 * those requests got pino-http's line with every header, Authorization included.
 * Handler exceptions are logged with their stack (UnhandledExceptionLogger).
 */
@Module({})
export class LoggingModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: LoggingModule,
      imports: [LoggerModule.forRoot({ ...loggerOptions(config), forRoutes: [] })],
      providers: [UnhandledExceptionLogger],
    };
  }
}
