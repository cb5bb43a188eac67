import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { AppModule } from '../../src/app.module.js';
import { loadConfig } from '../../src/config/app-config.js';
import { configureHttp } from '../../src/infra/http/configure-http.js';

export interface TestApp {
  app: INestApplication;
  http: TestAgent;
  databaseUrl: string;
  close(): Promise<void>;
}

/** Settings that make retries and deadlines quick enough for a test. */
export const FAST = {
  FAULT_INJECTION: 'on',
  SAGA_RETRY_BASE_MS: '20',
  SAGA_RETRY_MAX_MS: '200',
  SAGA_POLL_INTERVAL_MS: '10',
  SANDBOX_LATENCY_MS: '1',
  SHUTDOWN_DRAIN_MS: '100',
  LOG_LEVEL: process.env.TEST_LOGS ? 'info' : 'silent',
  LOG_FORMAT: 'pretty',
};

/** A fresh SQLite file in its own temporary folder, removed by `removeDatabases()`. */
const folders: string[] = [];
export function newSqliteUrl(): string {
  const folder = mkdtempSync(join(tmpdir(), 'registration-e2e-'));
  folders.push(folder);
  return `sqlite:${join(folder, 'registrations.db')}`;
}
export function removeDatabases(): void {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
}

/**
 * The real AppModule over real HTTP on a real database: SQLite in a temporary file unless
 * TEST_DATABASE_URL points the suite at PostgreSQL.
 */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const databaseUrl = env.DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? newSqliteUrl();
  const config = loadConfig({ ...FAST, ...env, DATABASE_URL: databaseUrl });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] }).compile();
  moduleRef.useLogger(process.env.TEST_LOGS ? console : false);
  const app = moduleRef.createNestApplication({ bodyParser: false, logger: process.env.TEST_LOGS ? undefined : false });
  configureHttp(app);
  await app.init();
  return { app, http: request(app.getHttpServer()), databaseUrl, close: () => app.close() };
}
