import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { AppConfig } from '../../config/app-config.js';
import { SagaScheduler } from '../../saga/index.js';

/**
 * The scheduler is what moves retries, deadlines and recovery along; if its loop stops beating,
 * sagas stall silently, so it counts towards health like the database does.
 */
@Injectable()
export class SchedulerHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly scheduler: SagaScheduler,
    private readonly config: AppConfig,
  ) {}

  check() {
    const indicator = this.indicators.check('scheduler');
    const silentForMs = Date.now() - this.scheduler.lastBeatAt;
    const limitMs = Math.max(10_000, 20 * this.config.SAGA_POLL_INTERVAL_MS);
    return silentForMs <= limitMs ? indicator.up({ silentForMs }) : indicator.down({ reason: 'stalled', silentForMs, limitMs });
  }
}
