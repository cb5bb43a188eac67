import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from '@jest/globals';
import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { AppModule } from '../../src/app.module.js';
import { loadConfig } from '../../src/config/app-config.js';
import { configureHttp } from '../../src/infra/http/configure-http.js';
import { withAdmin } from './postgres-admin.js';

export interface TestApp {
  app: INestApplication;
  http: TestAgent;
  databaseUrl: string;
  close(): Promise<void>;
}

/** One credential per role of the contract's access model (secrets of the required 24+ characters). */
export const TEST_KEYS = {
  viewer: 'viewer-secret-0123456789abcdef',
  operator: 'operator-secret-0123456789abcdef',
  admin: 'admin-secret-0123456789abcdef',
} as const;

/** Settings that make retries and deadlines quick enough for a test. */
export const FAST = {
  API_KEYS: `test-viewer:viewer:${TEST_KEYS.viewer},test-operator:operator:${TEST_KEYS.operator},test-admin:admin:${TEST_KEYS.admin}`,
  // Suites send hundreds of registrations from 127.0.0.1; the limit has its own suite.
  RATE_LIMIT_PER_MINUTE: '0',
  FAULT_INJECTION: 'on',
  SAGA_RETRY_BASE_MS: '20',
  SAGA_RETRY_MAX_MS: '200',
  SAGA_POLL_INTERVAL_MS: '10',
  SANDBOX_LATENCY_MS: '1',
  SHUTDOWN_DRAIN_MS: '100',
  SAGA_LEASE_MS: '500',
  LOG_LEVEL: process.env.TEST_LOGS ? 'info' : 'silent',
  LOG_FORMAT: 'pretty',
};

const folders: string[] = [];
const databases: string[] = [];

/**
 * A fresh, empty database for one app: a SQLite file in its own temporary folder, or, when
 * TEST_DATABASE_URL points at PostgreSQL, a new database on that server.
 */
export async function newDatabaseUrl(): Promise<string> {
  const server = process.env.TEST_DATABASE_URL;
  if (!server) {
    const folder = mkdtempSync(join(tmpdir(), 'registration-e2e-'));
    folders.push(folder);
    return `sqlite:${join(folder, 'registrations.db')}`;
  }
  const name = `e2e_${randomBytes(6).toString('hex')}`;
  await withAdmin(server, (admin) => admin.query(`CREATE DATABASE ${name}`));
  databases.push(name);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Removes what newDatabaseUrl made; call it once the apps using them are closed. */
export async function removeDatabases(): Promise<void> {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  const server = process.env.TEST_DATABASE_URL;
  const names = databases.splice(0);
  if (server && names.length > 0) {
    await withAdmin(server, async (admin) => {
      for (const name of names) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    });
  }
}

/** The Authorization header of a test key. */
export const bearer = (role: keyof typeof TEST_KEYS) => `Bearer ${TEST_KEYS[role]}`;

/**
 * The real AppModule over real HTTP on a real, fresh database (see newDatabaseUrl). Its `http`
 * agent sends the admin key on every request (`.set('Authorization', …)` or `.unset(…)` to
 * change that for one request); `request(app.getHttpServer())` sends none. `imports` adds
 * modules of the test's own (a saga definition that exists only in a spec); `override`
 * replaces providers (an in-memory span exporter).
 */
export async function startTestApp(
  env: Record<string, string> = {},
  imports: Array<Type | DynamicModule> = [],
  override: (builder: TestingModuleBuilder) => TestingModuleBuilder = (builder) => builder,
): Promise<TestApp> {
  const databaseUrl = env.DATABASE_URL ?? (await newDatabaseUrl());
  const config = loadConfig({ ...FAST, ...env, DATABASE_URL: databaseUrl });
  const moduleRef = await override(Test.createTestingModule({ imports: [AppModule.forRoot(config), ...imports] })).compile();
  moduleRef.useLogger(process.env.TEST_LOGS ? console : false);
  const app = moduleRef.createNestApplication({ bodyParser: false, logger: process.env.TEST_LOGS ? undefined : false });
  configureHttp(app);
  await app.init();
  return { app, http: request.agent(app.getHttpServer()).set('Authorization', bearer('admin')), databaseUrl, close: () => app.close() };
}

/**
 * The app of one describe block: started before its tests with `settings`, closed after them
 * with the databases the block made. Its fields are read through, so the block can hold it
 * from the start although the app exists only once beforeAll has run.
 */
export function suiteApp(settings: Record<string, string> = {}): TestApp {
  let started: TestApp | undefined;
  beforeAll(async () => {
    started = await startTestApp(settings);
  });
  afterAll(async () => {
    await started?.close();
    await removeDatabases();
  });
  const current = () => {
    if (!started) throw new Error('suiteApp: the app starts in beforeAll; use it inside a test');
    return started;
  };
  return {
    get app() {
      return current().app;
    },
    get http() {
      return current().http;
    },
    get databaseUrl() {
      return current().databaseUrl;
    },
    close: () => current().close(),
  };
}
