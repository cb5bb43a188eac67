import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../../config/app-config.js';
import { type EntityTable, EntityTables } from '../../infra/database/entity-table.js';
import { newId } from '../../infra/database/new-id.js';
import type { SagaHistory } from '../engine/saga-history.entity.js';
import { WebhookDelivery } from './webhook-delivery.entity.js';
import { webhookEventOf } from './webhook-events.js';

/**
 * Writes the webhook events a decision causes into `webhook_deliveries`, in the transaction that
 * writes the decision's history (SagaStore calls it for every history row it writes): an event is
 * committed exactly when its cause is, and a crash loses neither. Nothing is written while
 * WEBHOOK_URL is unset.
 */
@Injectable()
export class WebhookOutbox {
  private readonly table: EntityTable<WebhookDelivery>;
  readonly enabled: boolean;

  constructor(config: AppConfig, tables: EntityTables) {
    this.enabled = config.WEBHOOK_URL !== undefined;
    this.table = tables.of(WebhookDelivery);
  }

  async record(manager: EntityManager, sagaType: string, rows: SagaHistory[]): Promise<void> {
    if (!this.enabled) return;
    const deliveries: WebhookDelivery[] = [];
    for (const row of rows) {
      const event = webhookEventOf(sagaType, row);
      if (!event) continue;
      deliveries.push({
        id: newId(),
        sagaId: row.sagaId,
        seq: row.seq,
        type: event.type,
        data: event.data,
        createdAt: row.at,
        status: 'PENDING',
        attempts: 0,
        nextAttemptAt: row.at,
        leaseOwner: null,
        leaseUntil: null,
        lastError: null,
        deliveredAt: null,
      });
    }
    await this.table.insert(manager, deliveries);
  }

  /** A saga's deliveries, oldest first, for its view. */
  async ofSaga(manager: EntityManager, sagaId: string): Promise<WebhookDelivery[]> {
    return this.table.select(manager, ['sagaId'], [sagaId], { orderBy: 'seq' });
  }
}
