import { AccountClosure1795685000000 as PostgresAccountClosure } from './postgres/1795685000000-account-closure.js';
import { InitialSchema1795660000000 as PostgresInitialSchema } from './postgres/1795660000000-initial-schema.js';
import { SagaLeases1795670000000 as PostgresSagaLeases } from './postgres/1795670000000-saga-leases.js';
import { SagaEngine1795690000000 as PostgresSagaEngine } from './postgres/1795690000000-saga-engine.js';
import { WebhooksAndTraces1795700000000 as PostgresWebhooksAndTraces } from './postgres/1795700000000-webhooks-and-traces.js';
import { AccountClosure1795685000000 as SqliteAccountClosure } from './sqlite/1795685000000-account-closure.js';
import { InitialSchema1795660000000 as SqliteInitialSchema } from './sqlite/1795660000000-initial-schema.js';
import { SagaLeases1795670000000 as SqliteSagaLeases } from './sqlite/1795670000000-saga-leases.js';
import { WithoutRowid1795680000000 as SqliteWithoutRowid } from './sqlite/1795680000000-without-rowid.js';
import { SagaEngine1795690000000 as SqliteSagaEngine } from './sqlite/1795690000000-saga-engine.js';
import { WebhooksAndTraces1795700000000 as SqliteWebhooksAndTraces } from './sqlite/1795700000000-webhooks-and-traces.js';

/**
 * The schema's history, oldest first, one list per dialect. Both are generated from the same
 * entities by `npm run migration:generate` (see README) and checked against them by
 * test/schema.e2e-spec.ts, so the entities stay the one definition of the schema. The one
 * exception, SQLite's WITHOUT ROWID tables, is hand-written (TypeORM does not diff that option).
 */
export const SQLITE_MIGRATIONS = [SqliteInitialSchema, SqliteSagaLeases, SqliteWithoutRowid, SqliteAccountClosure, SqliteSagaEngine, SqliteWebhooksAndTraces];
export const POSTGRES_MIGRATIONS = [PostgresInitialSchema, PostgresSagaLeases, PostgresAccountClosure, PostgresSagaEngine, PostgresWebhooksAndTraces];
