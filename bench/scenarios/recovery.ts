/** The recovery scenario: sagas in flight, SIGKILL, restart on the same database, time until all are final. */
import { type Database, freshDatabase } from '../lib/databases.js';
import { ADMIN, HttpClient, sleep } from '../lib/http.js';
import { waitForQuietMachine } from '../lib/meter.js';
import { startService } from '../lib/services.js';
import { log, runTag, session } from '../lib/session.js';
import { median, round } from '../lib/stats.js';

export interface RecoveryReport {
  scenario: 'recovery';
  db: Database['kind'];
  inFlight: number;
  startMs: number;
  inFlightReachedMs: number;
  restartToListeningMs: number;
  restartToHealthyMs: number;
  restartToAllFinalMs: number;
  healthyToAllFinalMs: number;
  finalStatuses: Record<string, number>;
  redelivered: number;
  /** CPU seconds the restarted process used from its start until every saga was final. */
  cpuSecondsToAllFinal: number | null;
  vmHwmMiB: number | null;
  exit: { code: number | null; signal: string | null };
}

/**
 * N sagas held in flight by a hanging send-notification, SIGKILL, restart, and the time until the
 * restarted process has finished them all (it redelivers every attempt left unanswered).
 */
export async function recovery(n: number): Promise<RecoveryReport> {
  const database = await freshDatabase(session.options.dbs[0], 0);
  await waitForQuietMachine();
  let server = await startService(database, { label: 'recovery-before-kill' });
  const client = new HttpClient(session.options.port);
  try {
    const put = await client.request('PUT', '/admin/faults', JSON.stringify({ rules: [{ operation: 'notifications.send', mode: 'hang' }] }), ADMIN);
    if (put.status !== 200) throw new Error(`PUT /admin/faults: ${put.status} ${put.body}`);
    log(`recovery: starting ${n} sagas whose welcome e-mail hangs`);
    const sagaIds: string[] = [];
    const t0 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(session.options.concurrency, n) }, async () => {
        while (next < n) {
          const i = next++;
          const body = JSON.stringify({ email: `recovery-${runTag}-${i}@example.com`.toLowerCase(), amount: 99.99, paymentMethod: 'pm_card_visa' });
          const answer = await client.request('POST', '/registrations', body, { 'idempotency-key': `${runTag}-recovery-${i}` });
          if (answer.status !== 202) throw new Error(`POST /registrations: ${answer.status} ${answer.body.slice(0, 200)}`);
          sagaIds.push((JSON.parse(answer.body) as { sagaId: string }).sagaId);
        }
      }),
    );
    const startMs = performance.now() - t0;
    // Every saga is in flight once the hang rule has fired for each of them.
    for (;;) {
      const rules = JSON.parse((await client.request('GET', '/admin/faults', undefined, ADMIN)).body) as { rules: Array<{ fired: number }> };
      if (rules.rules[0].fired >= n) break;
      if (performance.now() - t0 > 300_000) throw new Error(`only ${rules.rules[0].fired} of ${n} sagas reached send-notification`);
      await sleep(20);
    }
    const inFlightReachedMs = performance.now() - t0;
    log(`recovery: ${n} sagas in flight after ${round(inFlightReachedMs, 0)} ms; SIGKILL`);
    await server.kill();
    client.close();

    const restartAt = performance.now();
    server = await startService(database, { label: 'recovery-after-restart', env: { FAULT_INJECTION: 'off' }, listeningOnly: true });
    const listeningAt = performance.now();
    await server.waitReady('/health', 600_000);
    const healthyAt = performance.now();
    let cpuSecondsToAllFinal: number | null = null;
    const poller = new HttpClient(session.options.port);
    let allFinalAt = 0;
    try {
      for (;;) {
        const unfinished = await Promise.all(
          ['RUNNING', 'COMPENSATING'].map(async (status) => {
            const page = JSON.parse((await poller.request('GET', `/sagas?status=${status}&limit=1`, undefined, ADMIN)).body) as { items: unknown[] };
            return page.items.length;
          }),
        );
        if (unfinished[0] + unfinished[1] === 0) {
          allFinalAt = performance.now();
          cpuSecondsToAllFinal = server.cpuTimes()?.process ?? null;
          break;
        }
        if (performance.now() - restartAt > 600_000) throw new Error('recovery: sagas still unfinished 10 minutes after the restart');
        await sleep(10);
      }
      // Check every saga, and count the attempts the new process sent again.
      const finalStatuses: Record<string, number> = {};
      let redelivered = 0;
      let cursor = 0;
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (cursor < sagaIds.length) {
            const id = sagaIds[cursor++];
            const view = JSON.parse((await poller.request('GET', `/sagas/${id}`)).body) as { status: string; history: Array<{ type: string }> };
            finalStatuses[view.status] = (finalStatuses[view.status] ?? 0) + 1;
            redelivered += view.history.filter((h) => h.type === 'AttemptRedelivered').length;
          }
        }),
      );
      const vmHwm = server.procStatus()?.VmHWM;
      const exit = await server.stop();
      return {
        scenario: 'recovery',
        db: database.kind,
        inFlight: n,
        startMs: round(startMs, 0),
        inFlightReachedMs: round(inFlightReachedMs, 0),
        restartToListeningMs: round(listeningAt - restartAt, 0),
        restartToHealthyMs: round(healthyAt - restartAt, 0),
        restartToAllFinalMs: round(allFinalAt - restartAt, 0),
        healthyToAllFinalMs: round(allFinalAt - healthyAt, 0),
        finalStatuses,
        redelivered,
        cpuSecondsToAllFinal,
        vmHwmMiB: vmHwm === undefined ? null : round(vmHwm / 1024, 0),
        exit: { code: exit.code, signal: exit.signal },
      };
    } finally {
      poller.close();
    }
  } finally {
    client.close();
    await server.stop();
    await database.drop();
  }
}

export function recoveryMedians(runs: RecoveryReport[]): Record<string, number | null> {
  const keys = ['restartToListeningMs', 'restartToHealthyMs', 'restartToAllFinalMs', 'healthyToAllFinalMs', 'cpuSecondsToAllFinal', 'vmHwmMiB'] as const;
  return Object.fromEntries(keys.map((key) => [key, median(runs.map((r) => r[key]))]));
}
