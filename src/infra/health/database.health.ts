import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { DatabaseUnavailableError } from '../database/database-unavailable.error.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { errorMessage } from '../error-message.js';

/** Longer than any batch takes under load; a write queue stuck behind a stalled batch is down. */
const PROBE_TIMEOUT_MS = 2_000;

/**
 * Up when a write commits through the service's own write path (the same queue and connection
 * as every saga's) and, on SQLite, the file at DATABASE_URL is still the one opened. A ping
 * would answer while no write can commit (a read-only or full disk, a failed COMMIT), and a
 * deleted file stays readable and writable to the process holding it, while every commit into
 * it is lost at the next start.
 */
@Injectable()
export class DatabaseHealthIndicator {
  /** Health checks arriving together share one probe. */
  private probing: Promise<void> | null = null;

  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly uow: UnitOfWork,
  ) {}

  async check() {
    const indicator = this.indicators.check('database');
    const fileProblem = this.uow.fileProblem();
    if (fileProblem) return indicator.down({ message: fileProblem });
    const started = Date.now();
    try {
      await this.probe();
      return indicator.up({ writeMs: Date.now() - started });
    } catch (error) {
      return indicator.down({ message: `A write did not commit: ${error instanceof DatabaseUnavailableError ? error.reason : errorMessage(error)}` });
    }
  }

  private probe(): Promise<void> {
    this.probing ??= withTimeout(this.uow.probeWrite(), PROBE_TIMEOUT_MS).finally(() => (this.probing = null));
    return this.probing;
  }
}

function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no commit within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
