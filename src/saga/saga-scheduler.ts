import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { In, LessThanOrEqual } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { UnitOfWork } from '../infra/database/unit-of-work.js';
import { errorMessage } from '../infra/error-message.js';
import { Saga, UNFINISHED_SAGA_STATUSES } from './saga.entity.js';
import { SagaRunner } from './saga-runner.js';

const BATCH = 100;

/**
 * Retry timers and attempt deadlines are `sagas.wake_at` values, not setTimeouts, so they
 * survive a restart. This loop wakes every saga whose time has come. At start-up it first sends
 * again every attempt the previous process left without an answer. Both queries use indexes
 * that hold only unfinished sagas' work, so their cost follows the sagas in flight, not all
 * sagas ever stored.
 */
@Injectable()
export class SagaScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SagaScheduler.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
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
        if (recover) await this.redeliverOrphans();
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

  /** Sagas whose attempt was out when the previous process died: send it again. */
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
      await this.runner.advance(sagaId, (flow) => flow[action]());
    } catch (error) {
      this.logger.error(`Could not ${action} saga ${sagaId}: ${errorMessage(error)}`);
    }
  }
}
