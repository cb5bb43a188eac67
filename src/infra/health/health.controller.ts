import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { DatabaseHealthIndicator } from './database.health.js';
import { SchedulerHealthIndicator } from './scheduler.health.js';
import { Access } from '../auth/access.decorator.js';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: DatabaseHealthIndicator,
    private readonly scheduler: SchedulerHealthIndicator,
  ) {}

  /**
   * 200 `{status: "ok", ...}` while a write commits, the SQLite file is still the one at
   * DATABASE_URL, and the scheduler runs; 503 with `details` otherwise.
   */
  @Get()
  @Access('anyone')
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness and readiness: a write commits, the database file is in place, the saga scheduler runs' })
  @ApiServiceUnavailableResponse({
    description: 'A write cannot commit, the SQLite file was removed or replaced, or the scheduler has stalled; `details` says which',
  })
  async check() {
    try {
      return await this.health.check([() => this.database.check(), () => this.scheduler.check()]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as { error?: Record<string, unknown> };
      throw new ServiceUnavailableException({ ...result, message: `Unhealthy: ${Object.keys(result.error ?? {}).join(', ')}` });
    }
  }
}
