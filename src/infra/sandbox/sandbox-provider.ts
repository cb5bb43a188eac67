import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { type EntityTable, EntityTables } from '../database/entity-table.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import type { FaultOperation } from '../faults/fault-rule.js';
import { SandboxRequest } from './sandbox-request.entity.js';

/**
 * The behaviour every sandbox provider shares with a real one: a network round trip and
 * idempotency keys (same key, same response, no second effect). Injected faults act in front of
 * it, at the module's port (FaultInjectingPaymentGateway, FaultInjectingMailer), as they do in
 * front of a real provider.
 */
@Injectable()
export class SandboxProvider {
  private readonly ledger: EntityTable<SandboxRequest>;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly config: AppConfig,
    tables: EntityTables,
  ) {
    this.ledger = tables.of(SandboxRequest);
  }

  async request<T>(operation: FaultOperation, idempotencyKey: string, perform: () => T): Promise<T> {
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
    }, `sandbox:${idempotencyKey}`);
  }
}
