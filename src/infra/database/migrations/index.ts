import { AccountClosure1795685000000 as PostgresAccountClosure } from './postgres/1795685000000-account-closure.js';
import { InitialSchema1795660000000 as PostgresInitialSchema } from './postgres/1795660000000-initial-schema.js';
import { SagaLeases1795670000000 as PostgresSagaLeases } from './postgres/1795670000000-saga-leases.js';
import { IncidentResolvedBy1795690000000 as PostgresIncidentResolvedBy } from './postgres/1795690000000-incident-resolved-by.js';
import { SagaEngine1795700000000 as PostgresSagaEngine } from './postgres/1795700000000-saga-engine.js';
import { WebhooksAndTraces1795710000000 as PostgresWebhooksAndTraces } from './postgres/1795710000000-webhooks-and-traces.js';
import { ConsoleIndexes1796173300000 as PostgresConsoleIndexes } from './postgres/1796173300000-console-indexes.js';
import { IncidentsCreated1796400000000 as PostgresIncidentsCreated } from './postgres/1796400000000-incidents-created.js';
import { AccountClosure1795685000000 as SqliteAccountClosure } from './sqlite/1795685000000-account-closure.js';
import { InitialSchema1795660000000 as SqliteInitialSchema } from './sqlite/1795660000000-initial-schema.js';
import { SagaLeases1795670000000 as SqliteSagaLeases } from './sqlite/1795670000000-saga-leases.js';
import { WithoutRowid1795680000000 as SqliteWithoutRowid } from './sqlite/1795680000000-without-rowid.js';
import { IncidentResolvedBy1795690000000 as SqliteIncidentResolvedBy } from './sqlite/1795690000000-incident-resolved-by.js';
import { SagaEngine1795700000000 as SqliteSagaEngine } from './sqlite/1795700000000-saga-engine.js';
import { WebhooksAndTraces1795710000000 as SqliteWebhooksAndTraces } from './sqlite/1795710000000-webhooks-and-traces.js';
import { ConsoleIndexes1796173300000 as SqliteConsoleIndexes } from './sqlite/1796173300000-console-indexes.js';
import { IncidentsCreated1796400000000 as SqliteIncidentsCreated } from './sqlite/1796400000000-incidents-created.js';

/**
 * The schema's history, oldest first, one list per dialect. Both are generated from the same
 * entities by `npm run migration:generate` (see README) and checked against them by
 * test/schema.e2e-spec.ts, so the entities stay the one definition of the schema. The
 * exceptions, SQLite's WITHOUT ROWID tables and its incidents.resolved_by (a plain ADD COLUMN
 * where TypeORM would rebuild the table), are hand-written (TypeORM does not diff that option);
 * the saga engine's migrations were generated and then given their data moves by hand, and the
 * console's e-mail index is on an expression (declared `synchronize: false` on the entity).
 */
export const SQLITE_MIGRATIONS = [SqliteInitialSchema, SqliteSagaLeases, SqliteWithoutRowid, SqliteAccountClosure, SqliteIncidentResolvedBy, SqliteSagaEngine, SqliteWebhooksAndTraces, SqliteConsoleIndexes, SqliteIncidentsCreated];
export const POSTGRES_MIGRATIONS = [PostgresInitialSchema, PostgresSagaLeases, PostgresAccountClosure, PostgresIncidentResolvedBy, PostgresSagaEngine, PostgresWebhooksAndTraces, PostgresConsoleIndexes, PostgresIncidentsCreated];
