import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import type { AppConfig } from '../../config/app-config.js';

/**
 * At most RATE_LIMIT_PER_MINUTE POST requests per client address and minute, all POST routes
 * together (one budget, not one per route: the contract counts requests, not routes); then 429
 * with `Retry-After`. Reads are not limited. In memory, per process: with several instances
 * each counts its own, which bounds a client at N times the limit.
 */
@Module({})
export class RateLimitModule {
  static forRoot(config: AppConfig): DynamicModule {
    const limit = config.RATE_LIMIT_PER_MINUTE;
    if (limit === 0) return { module: RateLimitModule };
    return {
      module: RateLimitModule,
      imports: [
        ThrottlerModule.forRoot({
          throttlers: [{ ttl: 60_000, limit }],
          skipIf: (context) => context.getType() !== 'http' || context.switchToHttp().getRequest<{ method: string }>().method !== 'POST',
          generateKey: (_context, tracker, name) => `${name}:${tracker}`,
          errorMessage: `Too many requests: at most ${limit} POST requests a minute from one address`,
        }),
      ],
      providers: [{ provide: APP_GUARD, useClass: ThrottlerGuard }],
    };
  }
}
