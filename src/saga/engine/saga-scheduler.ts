import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { In, IsNull, LessThan, type SelectQueryBuilder } from 'typeorm';
import { AppConfig } from '../../config/app-config.js';
import { UnitOfWork } from '../../infra/database/unit-of-work.js';
import { errorMessage } from '../../infra/error-message.js';
import type { SagaInput } from './decider/saga-decider.js';
import { blockedReason } from './saga.errors.js';
import { SagaInstance } from './saga-instance.entity.js';
import { SagaRegistry } from './saga-registry.js';
import { SagaRunner } from './saga-runner.js';
import { dueSagasQuery, runnableWhere } from './runnable-sagas.js';
import { UNFINISHED_SAGA_STATUSES } from './saga-status.js';

const BATCH = 100;

/**
 * Retry timers, attempt deadlines and leases are `sagas.wake_at` values, not setTimeouts, so
 * they survive a restart. This loop wakes every saga whose time has come, renews the leases of
 * the attempts this instance has out, and, at start-up on SQLite, sends again every attempt the
 * previous process left without an answer. On PostgreSQL several instances run this loop; row
 * locks with SKIP LOCKED keep them apart.
 *
 * It only ever wakes sagas whose definition version is registered here: a saga that started
 * under a version this process does not know stays as it is (blocked, fail-closed), rather than
 * being run under steps it did not start with. The start-up says which.
 */
@Injectable()
export class SagaScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SagaScheduler.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private leasesRenewedAt = 0;
  private stuckCheckedAt = 0;
  /** When the loop last showed it was alive; read by the health check. */
  lastBeatAt = Date.now();

  constructor(
    private readonly uow: UnitOfWork,
    private readonly runner: SagaRunner,
    private readonly registry: SagaRegistry,
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
        if (recover) await this.reportBlocked();
        if (recover && !this.uow.isPostgres) await this.redeliverOrphans();
        await this.renewLeasesWhenDue();
        await this.reportStuckWhenDue();
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
   * Sagas past their pivot that have not finished after SAGA_STUCK_AFTER_MS get an incident
   * (once: the incident id is then set). Looked for every few seconds, not every pass.
   */
  private async reportStuckWhenDue(): Promise<void> {
    const now = Date.now();
    const stuckAfterMs = this.config.SAGA_STUCK_AFTER_MS;
    if (now - this.stuckCheckedAt < Math.min(5_000, Math.max(this.config.SAGA_POLL_INTERVAL_MS, stuckAfterMs / 4))) return;
    this.stuckCheckedAt = now;
    const where = runnableWhere(this.registry, { status: 'RUNNING', createdAt: LessThan(now - stuckAfterMs), incidentId: IsNull() });
    const stuck = where.length === 0 ? [] : await this.uow.read((manager) => manager.find(SagaInstance, { select: { id: true }, where, take: BATCH }));
    for (const { id } of stuck) await this.advance(id, { type: 'Stuck', stuckAfterMs });
  }

  /** Says, once at start-up, which sagas in flight this process will not run, and why. */
  private async reportBlocked(): Promise<void> {
    const groups: Array<{ type: string; version: number | string; count: number | string }> = await this.uow.readApart((manager) =>
      this.unfinished(manager.createQueryBuilder(SagaInstance, 's'))
        .select('s.type', 'type')
        .addSelect('s.definition_version', 'version')
        .addSelect('COUNT(*)', 'count')
        .groupBy('s.type')
        .addGroupBy('s.definition_version')
        .getRawMany(),
    );
    for (const { type, version, count } of groups) {
      if (!this.registry.find(type, Number(version))) {
        this.logger.error(`${count} saga(s) in flight stay blocked: ${blockedReason(type, Number(version))}`);
      }
    }
  }

  /**
   * At start-up on SQLite, which only one process can serve, every attempt still out belongs to
   * a process that is gone: send them all again at once. On PostgreSQL another instance may be
   * alive and working on them, so their leases decide (wakeDue takes over the lapsed ones).
   */
  private async redeliverOrphans(): Promise<void> {
    const where = runnableWhere(this.registry, { status: In([...UNFINISHED_SAGA_STATUSES]), awaiting: 'result' });
    const orphans = where.length === 0 ? [] : await this.uow.read((manager) => manager.find(SagaInstance, { select: { id: true }, where }));
    if (orphans.length > 0) this.logger.warn(`Recovering ${orphans.length} saga(s) left in flight`);
    for (const { id } of orphans) await this.advance(id, { type: 'Redeliver' });
  }

  /** Wakes up to one batch of due sagas; returns how many it woke. */
  private async wakeDue(): Promise<number> {
    const due = await this.uow.read(async (manager) => (await dueSagasQuery(manager, this.registry, Date.now(), BATCH)?.getRawMany<{ id: string }>()) ?? []);
    for (const { id } of due) await this.advance(id, { type: 'Wake' });
    return due.length;
  }

  private unfinished(query: SelectQueryBuilder<SagaInstance>): SelectQueryBuilder<SagaInstance> {
    return query.where('s.status IN (:...unfinished)', { unfinished: [...UNFINISHED_SAGA_STATUSES] });
  }

  /** One saga's failure is logged and left for the next pass; it must not stall the others. */
  private async advance(sagaId: string, input: SagaInput): Promise<void> {
    this.lastBeatAt = Date.now();
    try {
      await this.runner.advance(sagaId, input, { skipLocked: true });
    } catch (error) {
      this.logger.error(`Could not ${input.type.toLowerCase()} saga ${sagaId}: ${errorMessage(error)}`);
    }
  }
}
