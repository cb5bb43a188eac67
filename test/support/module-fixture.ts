import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventBus, IEvent } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../src/config/app-config.js';
import { dataSourceOptions } from '../../src/infra/database/data-source-options.js';
import { EntityTables } from '../../src/infra/database/entity-table.js';
import { runMigrations } from '../../src/infra/database/run-migrations.js';
import { UnitOfWork } from '../../src/infra/database/unit-of-work.js';
import { FaultInjector } from '../../src/infra/faults/fault-injector.js';
import { StepAnswers } from '../../src/infra/messages/step-answers.js';
import { SandboxProvider } from '../../src/infra/sandbox/sandbox-provider.js';
import { SandboxRequest } from '../../src/infra/sandbox/sandbox-request.entity.js';
import { Notification } from '../../src/notifications/notification.entity.js';
import { Payment } from '../../src/payments/payment.entity.js';
import { User } from '../../src/users/user.entity.js';

/**
 * What a module's command handler runs on in the service, minus Nest: a real SQLite file with
 * the committed migrations, the real UnitOfWork, fault injection switched on, and the sandbox
 * providers with their idempotency ledger (no simulated latency). Only the event bus is a
 * recorder, so a spec sees exactly what a handler published.
 */
export interface ModuleFixture {
  dataSource: DataSource;
  uow: UnitOfWork;
  tables: EntityTables;
  faults: FaultInjector;
  sandbox: SandboxProvider;
  events: EventBus;
  /** What handlers answer through, on `events`; no saga engine records in their transactions here. */
  answers: StepAnswers;
  published: IEvent[];
  /** The sandbox ledger's entries for one provider operation (one per idempotency key). */
  ledger(operation: string): Promise<SandboxRequest[]>;
  close(): Promise<void>;
}

export async function openModuleFixture(): Promise<ModuleFixture> {
  const folder = mkdtempSync(join(tmpdir(), 'module-'));
  const dataSource = new DataSource({ ...dataSourceOptions(`sqlite:${join(folder, 'test.db')}`), entities: [User, Payment, Notification, SandboxRequest] });
  await dataSource.initialize();
  await runMigrations(dataSource);
  const config = Object.assign(new AppConfig(), { FAULT_INJECTION: 'on', SANDBOX_LATENCY_MS: 0 });
  const uow = new UnitOfWork(dataSource);
  const tables = new EntityTables(dataSource);
  const faults = new FaultInjector(config);
  const published: IEvent[] = [];
  const events = { publish: (event: IEvent) => published.push(event) } as unknown as EventBus;
  return {
    dataSource,
    uow,
    tables,
    faults,
    sandbox: new SandboxProvider(uow, config, tables),
    events,
    answers: new StepAnswers(uow, events),
    published,
    ledger: (operation) => uow.read((manager) => manager.find(SandboxRequest, { where: { operation } })),
    async close() {
      await uow.onApplicationShutdown();
      await dataSource.destroy();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** Makes every UPDATE of `table` fail inside the database, the way a failing disk would. */
export async function failUpdatesOf(dataSource: DataSource, table: string): Promise<void> {
  await dataSource.query(`CREATE TRIGGER "fail_${table}" BEFORE UPDATE ON "${table}" BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`);
}

let users = 0;

/** An account as a completed registration leaves it (ACTIVE unless told otherwise). */
export function anAccount(overrides: Partial<User> = {}): User {
  users += 1;
  const now = Date.now();
  return {
    id: `user-${users}`,
    sagaId: `registration-${users}`,
    email: `user${users}@example.com`,
    name: `User ${users}`,
    status: 'ACTIVE',
    suspensionSagaId: null,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}
