/**
 * The write budget at concurrency 1: one build of the service on a fresh database, sagas one
 * after another (each one POST with `Prefer: wait=30`), so no commit is shared by two sagas and
 * "per saga" is exact. Counted by the counting preload between a snapshot after a short warm-up
 * and one after the last saga; the same counters over an idle second are reported beside it
 * (the scheduler's polling, spread over the sagas).
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { type Budget, budgetBetween, CountsProbe, type Tally } from '../lib/counts.js';
import { type Database, freshDatabase } from '../lib/databases.js';
import { HttpClient, sleep } from '../lib/http.js';
import { FINAL_STATUSES } from '../lib/load.js';
import { waitForQuietMachine } from '../lib/meter.js';
import { type Service, startService } from '../lib/services.js';
import { log, runTag, session } from '../lib/session.js';
import { round } from '../lib/stats.js';

export interface BudgetRun {
  service: string;
  db: Database['kind'];
  budget: Budget;
  statuses: Record<string, number>;
  /** The same counters per second with no saga running. */
  idlePerSec: { statements: number; writeCommits: number; readCommits: number };
  seconds: number;
}

const WARMUP_SAGAS = 5;

interface View {
  status: string;
  steps?: Array<{ name?: string }>;
  history?: Array<{ step?: string | null }>;
}

/**
 * The steps a happy-path saga ran: those its history names, with those of its `steps` list (the
 * view leaves out unlisted steps such as registration's activate-account; the history has them).
 */
function stepsRun(view: View | null): number {
  const names = new Set<string>();
  for (const step of view?.steps ?? []) if (step.name) names.add(step.name);
  for (const entry of view?.history ?? []) if (entry.step) names.add(entry.step);
  return names.size || 4;
}

export async function budgetRun(service: Service, db: Database['kind']): Promise<BudgetRun> {
  session.serviceDir = service.dir;
  session.nodeFlags = service.nodeFlags;
  const database = await freshDatabase(db, 0);
  const label = `budget-${db}`;
  const countsFile = join(session.workDir, `counts-${label}-${service.name.replace(/[^a-z0-9]+/gi, '-')}.json`);
  await waitForQuietMachine();
  log(`budget on ${db}: ${session.options.budgetSagas} sagas one after another (after ${WARMUP_SAGAS} uncounted), counted at the driver and bus`);
  const server = await startService(database, { label, countsFile });
  const client = new HttpClient(session.options.port);
  const probe = new CountsProbe(countsFile, server);
  const tag = `${runTag}-budget-${db}`.toLowerCase();
  let seq = 0;
  const saga = async (): Promise<View> => {
    const i = seq++;
    const body = JSON.stringify({ email: `bench-${tag}-${i}@example.com`, name: `Budget ${i}`, amount: 99.99, currency: 'USD', paymentMethod: 'pm_card_visa' });
    const headers = { 'idempotency-key': `${tag}-${i}-${randomUUID()}`, prefer: 'wait=30' };
    for (;;) {
      const answer = await client.request('POST', '/registrations', body, headers);
      if (answer.status !== 200 && answer.status !== 202) throw new Error(`budget run: POST /registrations answered ${answer.status}: ${answer.body.slice(0, 200)}`);
      const view = JSON.parse(answer.body) as View;
      if (FINAL_STATUSES.includes(view.status)) return view;
    }
  };
  try {
    for (let i = 0; i < WARMUP_SAGAS; i++) await saga();
    const idleFrom = await probe.take();
    const idleStart = performance.now();
    await sleep(1000);
    const before = await probe.take();
    const idleSeconds = (performance.now() - idleStart) / 1000;
    const idle = (key: keyof Tally) => round((before[key] - idleFrom[key]) / idleSeconds, 1);
    const statuses: Record<string, number> = {};
    let last: View | null = null;
    const t0 = performance.now();
    for (let i = 0; i < session.options.budgetSagas; i++) {
      last = await saga();
      statuses[last.status] = (statuses[last.status] ?? 0) + 1;
    }
    const seconds = round((performance.now() - t0) / 1000, 1);
    const after = await probe.take();
    const steps = stepsRun(last);
    const budget = budgetBetween(before, after, session.options.budgetSagas, steps, db);
    return { service: service.name, db, budget, statuses, idlePerSec: { statements: idle('statements'), writeCommits: idle('writeCommits'), readCommits: idle('readCommits') }, seconds };
  } finally {
    client.close();
    await server.stop();
    await database.drop();
  }
}
