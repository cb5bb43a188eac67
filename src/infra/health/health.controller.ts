import { Controller, Get, Headers, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { DatabaseHealthIndicator } from './database.health.js';
import { SchedulerHealthIndicator } from './scheduler.health.js';
import { Access, ROLES } from '../auth/access.decorator.js';
import { KeyRing } from '../auth/key-ring.js';

const BEARER = /^Bearer +(\S+) *$/i;

/** What anyone may read of a check that is down: its status and generic reason, no path or driver text. */
function generic(results: Record<string, Record<string, unknown>> | undefined) {
  if (!results) return results;
  return Object.fromEntries(Object.entries(results).map(([name, { status, reason }]) => [name, reason === undefined ? { status } : { status, reason }]));
}

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: DatabaseHealthIndicator,
    private readonly scheduler: SchedulerHealthIndicator,
    private readonly keys: KeyRing,
  ) {}

  /**
   * 200 `{status: "ok", ...}` while a write commits, the SQLite file is still the one at
   * DATABASE_URL, and the scheduler runs; 503 with `details` otherwise: a generic `reason` per
   * check for anyone, the full detail (file path, the driver's error) only for a viewer key and
   * in the log. The route stays public (probes carry no key), so it reads the key itself.
   */
  @Get()
  @Access('anyone')
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness and readiness: a write commits, the database file is in place, the saga scheduler runs' })
  @ApiServiceUnavailableResponse({
    description: 'A write cannot commit, the SQLite file was removed or replaced, or the scheduler has stalled; `details` says which',
  })
  async check(@Headers('authorization') authorization?: string) {
    try {
      return await this.health.check([() => this.database.check(), () => this.scheduler.check()]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      type Results = Record<string, Record<string, unknown>>;
      const result = error.getResponse() as { error?: Results; info?: Results; details?: Results };
      const message = `Unhealthy: ${Object.keys(result.error ?? {}).join(', ')}`;
      if (this.isViewer(authorization)) throw new ServiceUnavailableException({ ...result, message });
      throw new ServiceUnavailableException({ ...result, info: generic(result.info), error: generic(result.error), details: generic(result.details), message });
    }
  }

  private isViewer(authorization: string | undefined): boolean {
    const secret = BEARER.exec(authorization ?? '')?.[1];
    const principal = secret === undefined ? undefined : this.keys.identify(secret);
    return principal !== undefined && ROLES.indexOf(principal.role) >= ROLES.indexOf('viewer');
  }
}
