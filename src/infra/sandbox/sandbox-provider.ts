import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { type EntityTable, EntityTables } from '../database/entity-table.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { FaultInjector } from '../faults/fault-injector.js';
import type { FaultOperation } from '../faults/fault-rule.js';
import { SandboxRequest } from './sandbox-request.entity.js';

/**
 * The behaviour every sandbox provider shares with a real one: a network round trip, failures
 * injected at the boundary, and idempotency keys (same key, same response, no second effect).
 */
@Injectable()
export class SandboxProvider {
  private readonly ledger: EntityTable<SandboxRequest>;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly faults: FaultInjector,
    private readonly config: AppConfig,
    tables: EntityTables,
  ) {
    this.ledger = tables.of(SandboxRequest);
  }

  async request<T>(operation: FaultOperation, email: string, idempotencyKey: string, perform: () => T): Promise<T> {
    await this.faults.intercept(operation, email);
    if (this.config.SANDBOX_LATENCY_MS > 0) await sleep(this.config.SANDBOX_LATENCY_MS);
    return this.uow.transaction(async (manager) => {
      const seen = await this.ledger.findOne(manager, ['idempotencyKey'], [idempotencyKey]);
      if (seen) {
        await manager.increment(SandboxRequest, { idempotencyKey }, 'calls', 1);
        return seen.response as T;
      }
      const response = perform();
      const request: SandboxRequest = { idempotencyKey, operation, response, calls: 1, createdAt: Date.now() };
      await this.ledger.insert(manager, [request]);
      return response;
    });
  }
}
