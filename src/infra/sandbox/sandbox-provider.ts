import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { FaultInjector } from '../faults/fault-injector.js';
import type { FaultOperation } from '../faults/fault-rule.js';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { SandboxRequest } from './sandbox-request.entity.js';

/**
 * The behaviour every sandbox provider shares with a real one: a network round trip, failures
 * injected at the boundary, and idempotency keys (same key, same response, no second effect).
 */
@Injectable()
export class SandboxProvider {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly faults: FaultInjector,
    private readonly config: AppConfig,
  ) {}

  async request<T>(operation: FaultOperation, email: string, idempotencyKey: string, perform: () => T): Promise<T> {
    await this.faults.intercept(operation, email);
    if (this.config.SANDBOX_LATENCY_MS > 0) await sleep(this.config.SANDBOX_LATENCY_MS);
    return this.uow.transaction(async (manager) => {
      const seen = await manager.findOneBy(SandboxRequest, { idempotencyKey });
      if (seen) {
        await manager.increment(SandboxRequest, { idempotencyKey }, 'calls', 1);
        return seen.response as T;
      }
      const response = perform();
      const request: SandboxRequest = { idempotencyKey, operation, response, calls: 1, createdAt: Date.now() };
      await manager.insert(SandboxRequest, request as QueryDeepPartialEntity<SandboxRequest>);
      return response;
    });
  }
}
