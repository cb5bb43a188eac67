import { type DynamicModule, Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AppConfig } from './config/app-config.js';
import { AccessModule } from './infra/auth/access.module.js';
import { DatabaseModule } from './infra/database/database.module.js';
import { FaultsModule } from './infra/faults/faults.module.js';
import { HealthModule } from './infra/health/health.module.js';
import { RateLimitModule } from './infra/http/rate-limit.module.js';
import { LoggingModule } from './infra/logging/logging.module.js';
import { MessagesModule } from './infra/messages/messages.module.js';
import { MetricsModule } from './infra/metrics/metrics.module.js';
import { SandboxModule } from './infra/sandbox/sandbox.module.js';
import { TracingModule } from './infra/tracing/tracing.module.js';
import { NotificationsModule } from './notifications/index.js';
import { PaymentsModule } from './payments/index.js';
import { SagaModule } from './saga/index.js';
import { UsersModule } from './users/index.js';

@Global()
@Module({})
class ConfigHolderModule {}

/**
 * The whole service, for a given configuration (main.ts reads it from the environment; tests
 * build their own, so several apps with different settings can live in one test process).
 */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        {
          module: ConfigHolderModule,
          providers: [{ provide: AppConfig, useValue: config }],
          exports: [AppConfig],
        },
        LoggingModule.forRoot(config),
        TracingModule,
        // Guards run in this order: who may call the route, then how often.
        AccessModule,
        RateLimitModule,
        CqrsModule.forRoot(),
        DatabaseModule,
        MessagesModule,
        FaultsModule.register(config.FAULT_INJECTION === 'on'),
        SandboxModule,
        UsersModule,
        PaymentsModule,
        NotificationsModule,
        SagaModule,
        MetricsModule,
        HealthModule,
      ],
    };
  }
}
