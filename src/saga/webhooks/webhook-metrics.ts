import { Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { UnitOfWork } from '../../infra/database/unit-of-work.js';
import { MetricsRegistry } from '../../infra/metrics/metrics-registry.js';
import { WebhookDelivery } from './webhook-delivery.entity.js';
import { WEBHOOK_EVENT_TYPES } from './webhook-events.js';

/**
 * `webhook_backlog` (events not delivered yet, read from the outbox at each scrape, so true
 * across restarts and instances) and `webhook_delivery_failures_total` (failed attempts of this
 * process), both by event type: five values at most.
 */
@Injectable()
export class WebhookMetrics {
  private readonly failures: Counter<'type'>;

  constructor(registry: MetricsRegistry, uow: UnitOfWork) {
    const registers = [registry];
    this.failures = new Counter({ name: 'webhook_delivery_failures_total', help: 'Failed webhook delivery attempts (no answer in 10 s, or not 2xx), by event type', labelNames: ['type'], registers });
    new Gauge({
      name: 'webhook_backlog',
      help: 'Webhook events written but not delivered yet (PENDING), by event type',
      labelNames: ['type'],
      registers,
      async collect() {
        const rows: Array<{ type: string; count: string | number }> = await uow.readApart((m) =>
          m.createQueryBuilder(WebhookDelivery, 'd').select('d.type', 'type').addSelect('COUNT(*)', 'count').where("d.status = 'PENDING'").groupBy('d.type').getRawMany(),
        );
        const counts = new Map(rows.map((row) => [row.type, Number(row.count)]));
        for (const type of WEBHOOK_EVENT_TYPES) this.set({ type }, counts.get(type) ?? 0);
      },
    });
  }

  failed(type: string): void {
    this.failures.inc({ type });
  }
}
