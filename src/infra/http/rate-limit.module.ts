import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PostRateLimitGuard } from './post-rate-limit.guard.js';

/** The POST rate limit in front of every route (RATE_LIMIT_PER_MINUTE, see PostRateLimitGuard). */
@Module({ providers: [{ provide: APP_GUARD, useClass: PostRateLimitGuard }] })
export class RateLimitModule {}
