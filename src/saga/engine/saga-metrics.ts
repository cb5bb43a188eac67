import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { In, IsNull, LessThan, LessThanOrEqual, Not } from 'typeorm';
import { AppConfig } from '../../config/app-config.js';
import { UnitOfWork } from '../../infra/database/unit-of-work.js';
import { MetricsRegistry } from '../../infra/metrics/metrics-registry.js';
import { Incident } from '../incidents/incident.entity.js';
import type { SagaEvent } from './saga-event.js';
import { SagaInstance } from './saga-instance.entity.js';
import { SagaRegistry } from './saga-registry.js';
import { UNFINISHED_SAGA_STATUSES } from './saga-status.js';

interface Snapshot {
  inFlight: Map<string, number>;
  oldestCreatedAt: number | null;
  stuck: number;
  blocked: number;
  openIncidents: number;
  backlog: number;
}

/**
 * Saga metrics. Counters and histograms are fed from the typed history each decision commits,
 * so they count exactly what the audit trail shows; gauges are read from the database when
 * Prometheus scrapes, so they are true across restarts and instances.
 */
@Injectable()
export class SagaMetrics {
  private readonly started: Counter<'type'>;
  private readonly finished: Counter<'type' | 'status'>;
  private readonly attempts: Counter<'type' | 'step' | 'direction'>;
  private readonly failures: Counter<'type' | 'step' | 'direction' | 'kind'>;
  private readonly duration: Histogram<'type' | 'step' | 'direction' | 'outcome'>;
  private snapshot: { at: number; value: Promise<Snapshot> } | null = null;

  constructor(
    registry: MetricsRegistry,
    private readonly uow: UnitOfWork,
    private readonly config: AppConfig,
    private readonly definitions: SagaRegistry,
  ) {
    const registers = [registry];
    this.started = new Counter({ name: 'saga_started_total', help: 'Sagas started, by type', labelNames: ['type'], registers });
    this.finished = new Counter({ name: 'saga_finished_total', help: 'Sagas finished, by type and final status', labelNames: ['type', 'status'], registers });
    this.attempts = new Counter({ name: 'saga_step_attempts_total', help: 'Attempts sent, by type, step and direction (forward, compensate)', labelNames: ['type', 'step', 'direction'], registers });
    this.failures = new Counter({ name: 'saga_step_failures_total', help: 'Failed attempts, by type, step, direction and kind (transient, business, timeout)', labelNames: ['type', 'step', 'direction', 'kind'], registers });
    this.duration = new Histogram({
      name: 'saga_step_duration_seconds',
      help: 'Time from sending an attempt to its answer',
      labelNames: ['type', 'step', 'direction', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    });
    const gauge = (name: string, help: string, read: (s: Snapshot, g: Gauge<string>) => void, labelNames: string[] = []) => {
      const take = this.currentSnapshot.bind(this);
      new Gauge({
        name,
        help,
        labelNames,
        registers,
        async collect() {
          read(await take(), this);
        },
      });
    };
    gauge('saga_in_flight', 'Unfinished sagas, by status', (s, g) => {
      for (const status of UNFINISHED_SAGA_STATUSES) g.set({ status }, s.inFlight.get(status) ?? 0);
    }, ['status']);
    gauge('saga_oldest_unfinished_age_seconds', 'Age of the oldest unfinished saga (0 when none)', (s, g) =>
      g.set(s.oldestCreatedAt === null ? 0 : (Date.now() - s.oldestCreatedAt) / 1000),
    );
    gauge('saga_stuck', 'Sagas unfinished for longer than SAGA_STUCK_AFTER_MS', (s, g) => g.set(s.stuck));
    gauge('saga_blocked', 'Unfinished sagas whose definition version this process does not register (they do not run)', (s, g) => g.set(s.blocked));
    gauge('incidents_open', 'Incidents waiting for an operator', (s, g) => g.set(s.openIncidents));
    gauge(
      'saga_outbox_backlog',
      'Sagas whose next message is due but not sent yet: retries due and attempts past their deadline (the saga row is the outbox)',
      (s, g) => g.set(s.backlog),
    );
  }

  /** Counts what one committed decision did. */
  record(type: string, entries: SagaEvent[]): void {
    for (const entry of entries) {
      switch (entry.type) {
        case 'SagaStarted':
          this.started.inc({ type });
          break;
        case 'SagaCompleted':
        case 'SagaRolledBack':
        case 'SagaPartiallyRolledBack':
          this.finished.inc({ type, status: entry.data.status });
          break;
        case 'StepStarted':
        case 'CompensationStarted':
          this.attempts.inc({ type, step: entry.step, direction: entry.data.direction });
          break;
        case 'AttemptTimedOut': {
          const labels = { type, step: entry.step, direction: entry.data.direction };
          this.failures.inc({ ...labels, kind: 'timeout' });
          this.duration.observe({ ...labels, outcome: 'timeout' }, entry.data.timeoutMs / 1000);
          break;
        }
        case 'Answer': {
          const labels = { type, step: entry.step, direction: entry.data.direction };
          const failed = entry.data.outcome !== 'succeeded';
          if (failed) this.failures.inc({ ...labels, kind: entry.data.outcome });
          this.duration.observe({ ...labels, outcome: failed ? 'failed' : 'succeeded' }, entry.data.durationMs / 1000);
          break;
        }
      }
    }
  }

  /** One set of queries per scrape, shared by every gauge. */
  private currentSnapshot(): Promise<Snapshot> {
    if (!this.snapshot || Date.now() - this.snapshot.at > 250) this.snapshot = { at: Date.now(), value: this.readSnapshot() };
    return this.snapshot.value;
  }

  private readSnapshot(): Promise<Snapshot> {
    const unfinished = { status: In([...UNFINISHED_SAGA_STATUSES]) };
    const now = Date.now();
    return this.uow.readApart(async (manager) => {
      const byStatus: Array<{ status: string; count: string | number }> = await manager
        .createQueryBuilder(SagaInstance, 's')
        .select('s.status', 'status')
        .addSelect('COUNT(*)', 'count')
        .where(unfinished)
        .groupBy('s.status')
        .getRawMany();
      const byVersion: Array<{ type: string; version: string | number; count: string | number }> = await manager
        .createQueryBuilder(SagaInstance, 's')
        .select('s.type', 'type')
        .addSelect('s.definition_version', 'version')
        .addSelect('COUNT(*)', 'count')
        .where(unfinished)
        .groupBy('s.type')
        .addGroupBy('s.definition_version')
        .getRawMany();
      const oldest = await manager.findOne(SagaInstance, { select: { createdAt: true }, where: unfinished, order: { createdAt: 'ASC' } });
      return {
        inFlight: new Map(byStatus.map((row) => [row.status, Number(row.count)])),
        oldestCreatedAt: oldest?.createdAt ?? null,
        stuck: await manager.count(SagaInstance, { where: { ...unfinished, createdAt: LessThan(now - this.config.SAGA_STUCK_AFTER_MS) } }),
        blocked: byVersion.filter((row) => !this.definitions.find(row.type, Number(row.version))).reduce((n, row) => n + Number(row.count), 0),
        openIncidents: await manager.count(Incident, { where: { status: 'OPEN' } }),
        backlog: await manager.count(SagaInstance, { where: { wakeAt: LessThanOrEqual(now), awaiting: Not(IsNull()) } }),
      };
    });
  }
}
