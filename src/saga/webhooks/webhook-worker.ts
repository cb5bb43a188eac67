import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { type EntityTable, EntityTables } from '../../infra/database/entity-table.js';
import { queueSql, runSql, runSqlRows } from '../../infra/database/run-sql.js';
import { UnitOfWork } from '../../infra/database/unit-of-work.js';
import { errorMessage } from '../../infra/error-message.js';
import { WebhookDelivery } from './webhook-delivery.entity.js';
import { WebhookMetrics } from './webhook-metrics.js';
import { DELIVERY_TIMEOUT_MS, type DeliveryResult, WebhookSender } from './webhook-sender.js';
import { webhookBackoffMs } from './webhook-signature.js';

/**
 * Sagas whose next event is claimed per pass. Large, because the cost is per transaction (on
 * SQLite every one waits its turn in the single writer's queue), not per event: a batch is one
 * claim and, when every receiver answers 2xx, one update.
 */
const BATCH = 64;
/** How long a claim is this instance's: longer than a delivery can take, so a live owner never loses one. */
const LEASE_MS = DELIVERY_TIMEOUT_MS + 5_000;
/** Past this age a delivery is given up (the contract asks for at least 24 hours of retries). */
export const RETRY_FOR_MS = 3 * 24 * 3_600_000;
const POLL_MS = 250;

/**
 * Sends the outbox. Each pass claims, in one short transaction, the due head of each saga's
 * queue (the oldest PENDING event of a saga, so a saga's next event waits until the previous one
 * is delivered or given up: in order per saga), leasing it to this instance; on PostgreSQL with
 * `FOR UPDATE SKIP LOCKED`, so instances never claim the same event. It then sends them outside
 * any transaction (WebhookSender, from a thread of its own) and records the batch's outcomes in
 * one transaction, each only while it still holds the lease. A process killed mid-delivery
 * leaves a lease that lapses (or, on SQLite, where one process serves a database, is cleared at
 * start-up), and the event is sent again with the same Webhook-Id: at least once.
 *
 * On PostgreSQL its transactions commit apart from the sagas' batches (UnitOfWork.transactionApart):
 * its 64-row statements took 3-17 ms there, and every saga job of a batch sharing them waited.
 */
@Injectable()
export class WebhookWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WebhookWorker.name);
  private readonly instanceId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly table: string;
  private readonly rows: EntityTable<WebhookDelivery>;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly sender: WebhookSender,
    private readonly metrics: WebhookMetrics,
    private readonly config: AppConfig,
    tables: EntityTables,
  ) {
    this.table = 'webhook_deliveries';
    this.rows = tables.of(WebhookDelivery);
  }

  onApplicationBootstrap(): void {
    if (this.config.WEBHOOK_URL === undefined) return;
    this.timer = setTimeout(() => this.pass(true), 0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private pass(recover = false): void {
    this.running = (async () => {
      try {
        if (recover && !this.uow.isPostgres) await this.clearLeases();
        while (!this.stopped && (await this.deliverDue()) === BATCH);
      } catch (error) {
        this.logger.error(`Webhook pass failed: ${errorMessage(error)}`);
      }
    })();
    void this.running.then(() => {
      if (!this.stopped) this.timer = setTimeout(() => this.pass(), POLL_MS);
    });
  }

  /** Claims and sends one batch; returns how many it claimed. */
  private async deliverDue(): Promise<number> {
    const claimed = await this.claim(Date.now());
    if (claimed.length === 0) return 0;
    const failures = await this.sender.sendAll(claimed);
    await this.recordOutcomes(claimed, failures, Date.now());
    return claimed.length;
  }

  /**
   * Every outcome of a batch in one transaction: the delivered ones in one statement, each failed
   * one (rare) with its own backoff. Each only while this instance still holds its lease.
   */
  private async recordOutcomes(claimed: WebhookDelivery[], failures: DeliveryResult[], now: number): Promise<void> {
    const p = this.placeholders();
    const delivered = claimed.filter((_d, i) => failures[i] === null).map((d) => d.id);
    const failed = claimed.flatMap((delivery, i) => (failures[i] === null ? [] : [{ delivery, failure: failures[i]! }]));
    const retries = failed.map(({ delivery, failure }) => {
      this.metrics.failed(delivery.type);
      const abandon = now - delivery.createdAt >= RETRY_FOR_MS;
      const next = now + webhookBackoffMs(delivery.attempts, this.config.WEBHOOK_RETRY_BASE_MS, this.config.WEBHOOK_RETRY_MAX_MS);
      if (abandon) this.logger.error(`Webhook ${delivery.id} (${delivery.type}, saga ${delivery.sagaId}) given up after ${delivery.attempts} attempts: ${failure}`);
      else this.logger.warn(`Webhook ${delivery.id} (${delivery.type}, saga ${delivery.sagaId}) attempt ${delivery.attempts} failed: ${failure}; next in ${next - now} ms`);
      return [abandon ? 'ABANDONED' : 'PENDING', next, failure.slice(0, 300), delivery.id, this.instanceId];
    });
    // Written without waiting for each answer (queueSql): on a pipelined connection the
    // transaction's COMMIT follows them, and their failure is the transaction's.
    await this.uow.transactionApart(async (m) => {
      if (delivered.length > 0) {
        await queueSql(m, `UPDATE ${this.table} SET status = 'DELIVERED', delivered_at = ${p(1)}, lease_owner = NULL, lease_until = NULL, last_error = NULL WHERE lease_owner = ${p(2)} AND id IN (${idList(p, 3)})`, [now, this.instanceId, ...padded(delivered)]);
      }
      for (const values of retries) {
        await queueSql(m, `UPDATE ${this.table} SET status = ${p(1)}, next_attempt_at = ${p(2)}, last_error = ${p(3)}, lease_owner = NULL, lease_until = NULL WHERE id = ${p(4)} AND lease_owner = ${p(5)}`, values);
      }
    });
  }

  /**
   * The due head of each saga's queue, leased to this instance and counted as an attempt. The
   * NOT EXISTS reads committed rows without locking them: an earlier event another instance is
   * sending is still PENDING, so the later one waits. One answer to wait for: the rows are read
   * whole (locked on PostgreSQL), and the lease is written behind them without waiting
   * (queueSql), its values set on the rows read; a batch of saga jobs this one joins is not held
   * up by round trips of its own. The id list is always BATCH long (NULLs after the ids, which
   * match nothing), so the statement is prepared once, not once per batch size.
   */
  private claim(now: number): Promise<WebhookDelivery[]> {
    const p = this.placeholders();
    const lock = this.uow.isPostgres ? ' FOR UPDATE SKIP LOCKED' : '';
    const select = `SELECT ${this.rows.columnList('o')} FROM ${this.table} o
      WHERE o.status = 'PENDING' AND o.next_attempt_at <= ${p(1)} AND (o.lease_until IS NULL OR o.lease_until < ${p(2)})
        AND NOT EXISTS (SELECT 1 FROM ${this.table} e WHERE e.saga_id = o.saga_id AND e.status = 'PENDING' AND e.seq < o.seq)
      ORDER BY o.next_attempt_at LIMIT ${BATCH}${lock}`;
    return this.uow.transactionApart(async (m) => {
      const claimed = this.rows.hydrate(await runSqlRows(m, select, [now, now]));
      if (claimed.length === 0) return [];
      const leaseUntil = now + LEASE_MS;
      await queueSql(m, `UPDATE ${this.table} SET lease_owner = ${p(1)}, lease_until = ${p(2)}, attempts = attempts + 1 WHERE id IN (${idList(p, 3)})`, [
        this.instanceId,
        leaseUntil,
        ...padded(claimed.map((delivery) => delivery.id)),
      ]);
      for (const delivery of claimed) Object.assign(delivery, { leaseOwner: this.instanceId, leaseUntil, attempts: delivery.attempts + 1 });
      return claimed;
    });
  }

  /** SQLite: one process serves a database, so a lease left at start-up is a dead process's. */
  private async clearLeases(): Promise<void> {
    await this.uow.transaction((m) => runSql(m, `UPDATE ${this.table} SET lease_owner = NULL, lease_until = NULL WHERE status = 'PENDING' AND lease_owner IS NOT NULL`, []));
  }

  private placeholders(): (n: number) => string {
    return this.uow.isPostgres ? (n) => `$${n}` : () => '?';
  }
}

/** BATCH placeholders numbered from `from`, for an id list filled by `padded`. */
function idList(p: (n: number) => string, from: number): string {
  return Array.from({ length: BATCH }, (_id, i) => p(from + i)).join(', ');
}

/** `ids` followed by NULLs up to BATCH. */
function padded(ids: string[]): Array<string | null> {
  return [...ids, ...Array<null>(BATCH - ids.length).fill(null)];
}
