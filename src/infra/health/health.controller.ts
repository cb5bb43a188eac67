import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { SchedulerHealthIndicator } from './scheduler.health.js';
import { Access } from '../auth/access.decorator.js';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly scheduler: SchedulerHealthIndicator,
  ) {}

  /** 200 `{status: "ok", ...}` while the database answers and the scheduler runs; 503 otherwise. */
  @Get()
  @Access('anyone')
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness and readiness: the database answers and the saga scheduler runs' })
  @ApiServiceUnavailableResponse({ description: 'The database does not answer or the scheduler has stalled; `details` says which' })
  async check() {
    try {
      return await this.health.check([() => this.database.pingCheck('database', { timeout: 1_000 }), () => this.scheduler.check()]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as { error?: Record<string, unknown> };
      throw new ServiceUnavailableException({ ...result, message: `Unhealthy: ${Object.keys(result.error ?? {}).join(', ')}` });
    }
  }
}
