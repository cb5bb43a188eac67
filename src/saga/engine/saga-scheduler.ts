import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { In, LessThanOrEqual } from 'typeorm';
import { AppConfig } from '../../config/app-config.js';
import { UnitOfWork } from '../../infra/database/unit-of-work.js';
import { errorMessage } from '../../infra/error-message.js';
import { Saga, UNFINISHED_SAGA_STATUSES } from './saga.entity.js';
import { SagaRunner } from './saga-runner.js';

const BATCH = 100;

/**
 * Retry timers, attempt deadlines and leases are `sagas.wake_at` values, not setTimeouts, so
 * they survive a restart. This loop wakes every saga whose time has come, renews the leases of
 * the attempts this instance has out, and, at start-up on SQLite, sends again every attempt the
 * previous process left without an answer. Each query uses an index that only holds unfinished
 * sagas' work, so its cost follows the sagas in flight, not all sagas ever stored. On
 * PostgreSQL several instances run this loop; row locks with SKIP LOCKED keep them apart.
 */
@Injectable()
export class SagaScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SagaScheduler.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private leasesRenewedAt = 0;
  /** When the loop last showed it was alive; read by the health check. */
  lastBeatAt = Date.now();

  constructor(
    private readonly uow: UnitOfWork,
    private readonly runner: SagaRunner,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    // After every module's bootstrap hook, so the CQRS sagas are subscribed before we publish.
    this.timer = setTimeout(() => this.pass(true), 0);
  }

  /**
   * Before the database closes: no more wake-ups, and a few seconds for the attempts this
   * process sent to be answered. Attempts still out then are redelivered by the next start.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    await this.runner.drain(this.config.SHUTDOWN_DRAIN_MS);
  }

  private pass(recover = false): void {
    this.running = (async () => {
      try {
        if (recover && !this.uow.isPostgres) await this.redeliverOrphans();
        await this.renewLeasesWhenDue();
        for (let batches = 0; batches < 20 && !this.stopped && (await this.wakeDue()) === BATCH; batches++);
        this.lastBeatAt = Date.now();
      } catch (error) {
        this.logger.error(`Scheduler pass failed: ${errorMessage(error)}`);
      }
    })();
    void this.running.then(() => {
      if (!this.stopped) this.timer = setTimeout(() => this.pass(), this.config.SAGA_POLL_INTERVAL_MS);
    });
  }

  private async renewLeasesWhenDue(): Promise<void> {
    const now = Date.now();
    if (now - this.leasesRenewedAt < this.config.SAGA_LEASE_MS / 3) return;
    await this.runner.renewLeases();
    this.leasesRenewedAt = now;
  }

  /**
   * At start-up on SQLite, which only one process can serve, every attempt still out belongs to
   * a process that is gone: send them all again at once. On PostgreSQL another instance may be
   * alive and working on them, so their leases decide (wakeDue takes over the lapsed ones).
   */
  private async redeliverOrphans(): Promise<void> {
    const orphans = await this.uow.read((manager) =>
      manager.find(Saga, { select: { id: true }, where: { status: In([...UNFINISHED_SAGA_STATUSES]), awaiting: 'result' } }),
    );
    if (orphans.length > 0) this.logger.warn(`Recovering ${orphans.length} saga(s) left in flight`);
    for (const { id } of orphans) await this.advance(id, 'redeliver');
  }

  /** Wakes up to one batch of due sagas; returns how many it woke. */
  private async wakeDue(): Promise<number> {
    const due = await this.uow.read((manager) =>
      manager.find(Saga, { select: { id: true }, where: { wakeAt: LessThanOrEqual(Date.now()) }, order: { wakeAt: 'ASC' }, take: BATCH }),
    );
    for (const { id } of due) await this.advance(id, 'wake');
    return due.length;
  }

  /** One saga's failure is logged and left for the next pass; it must not stall the others. */
  private async advance(sagaId: string, action: 'wake' | 'redeliver'): Promise<void> {
    this.lastBeatAt = Date.now();
    try {
      await this.runner.advance(sagaId, (flow) => flow[action](), { skipLocked: true });
    } catch (error) {
      this.logger.error(`Could not ${action} saga ${sagaId}: ${errorMessage(error)}`);
    }
  }
}
