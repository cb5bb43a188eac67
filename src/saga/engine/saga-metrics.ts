import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { In, IsNull, LessThan, LessThanOrEqual, Not } from 'typeorm';
import { AppConfig } from '../../config/app-config.js';
import { UnitOfWork } from '../../infra/database/unit-of-work.js';
import { MetricsRegistry } from '../../infra/metrics/metrics-registry.js';
import { Incident } from '../incidents/incident.entity.js';
import type { HistoryEntry } from '../registration/registration-flow.js';
import { Saga, UNFINISHED_SAGA_STATUSES } from './saga.entity.js';

const FINISHED: Record<string, string> = {
  SagaCompleted: 'COMPLETED',
  SagaRolledBack: 'ROLLED_BACK',
  SagaPartiallyRolledBack: 'PARTIALLY_ROLLED_BACK',
};
const ATTEMPT_STARTED = new Set(['StepStarted', 'CompensationStarted', 'ActivationStarted']);

interface Snapshot {
  inFlight: Map<string, number>;
  oldestCreatedAt: number | null;
  stuck: number;
  openIncidents: number;
  backlog: number;
}

/**
 * Saga metrics. Counters and histograms are fed from the history entries each decision commits,
 * so they count exactly what the audit trail shows; gauges are read from the database when
 * Prometheus scrapes, so they are true across restarts and instances.
 */
@Injectable()
export class SagaMetrics {
  private readonly started: Counter;
  private readonly finished: Counter<'status'>;
  private readonly attempts: Counter<'step' | 'direction'>;
  private readonly failures: Counter<'step' | 'direction' | 'kind'>;
  private readonly duration: Histogram<'step' | 'direction' | 'outcome'>;
  private snapshot: { at: number; value: Promise<Snapshot> } | null = null;

  constructor(
    registry: MetricsRegistry,
    private readonly uow: UnitOfWork,
    private readonly config: AppConfig,
  ) {
    const registers = [registry];
    this.started = new Counter({ name: 'saga_started_total', help: 'Registration sagas started', registers });
    this.finished = new Counter({ name: 'saga_finished_total', help: 'Sagas finished, by final status', labelNames: ['status'], registers });
    this.attempts = new Counter({ name: 'saga_step_attempts_total', help: 'Attempts sent, by step and direction (forward, compensate, activate)', labelNames: ['step', 'direction'], registers });
    this.failures = new Counter({ name: 'saga_step_failures_total', help: 'Failed attempts, by step, direction and kind (transient, business, timeout)', labelNames: ['step', 'direction', 'kind'], registers });
    this.duration = new Histogram({
      name: 'saga_step_duration_seconds',
      help: 'Time from sending an attempt to its answer',
      labelNames: ['step', 'direction', 'outcome'],
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
    gauge('incidents_open', 'Incidents waiting for an operator', (s, g) => g.set(s.openIncidents));
    gauge(
      'saga_outbox_backlog',
      'Sagas whose next message is due but not sent yet: retries due and attempts past their deadline (the saga row is the outbox)',
      (s, g) => g.set(s.backlog),
    );
  }

  /** Counts what one committed decision did. */
  record(entries: HistoryEntry[]): void {
    for (const { type, step, data } of entries) {
      const direction = String(data.direction ?? 'forward');
      if (type === 'SagaStarted') this.started.inc();
      else if (FINISHED[type]) this.finished.inc({ status: FINISHED[type] });
      else if (ATTEMPT_STARTED.has(type)) this.attempts.inc({ step: step!, direction });
      else if (type === 'AttemptTimedOut') {
        this.failures.inc({ step: step!, direction, kind: 'timeout' });
        this.duration.observe({ step: step!, direction, outcome: 'timeout' }, Number(data.timeoutMs) / 1000);
      } else if (typeof data.durationMs === 'number' && step) {
        const failed = typeof data.error === 'string';
        if (failed) this.failures.inc({ step, direction, kind: data.retryable ? 'transient' : 'business' });
        this.duration.observe({ step, direction, outcome: failed ? 'failed' : 'succeeded' }, data.durationMs / 1000);
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
    return this.uow.read(async (manager) => {
      const byStatus: Array<{ status: string; count: string | number }> = await manager
        .createQueryBuilder(Saga, 's')
        .select('s.status', 'status')
        .addSelect('COUNT(*)', 'count')
        .where(unfinished)
        .groupBy('s.status')
        .getRawMany();
      const oldest = await manager.findOne(Saga, { select: { createdAt: true }, where: unfinished, order: { createdAt: 'ASC' } });
      return {
        inFlight: new Map(byStatus.map((row) => [row.status, Number(row.count)])),
        oldestCreatedAt: oldest?.createdAt ?? null,
        stuck: await manager.count(Saga, { where: { ...unfinished, createdAt: LessThan(now - this.config.SAGA_STUCK_AFTER_MS) } }),
        openIncidents: await manager.count(Incident, { where: { status: 'OPEN' } }),
        backlog: await manager.count(Saga, { where: { wakeAt: LessThanOrEqual(now), awaiting: Not(IsNull()) } }),
      };
    });
  }
}
