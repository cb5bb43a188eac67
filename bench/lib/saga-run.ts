/**
 * One measured run of the throughput scenario: the trivial route, or one variant (the service
 * under test on a fresh database, or a peer) under the saga load, with its resources and, when
 * asked, its counters (write budget, SQL statements) and CPU profile.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { type Database, freshDatabase } from './databases.js';
import { type Budget, budgetBetween, CountsProbe } from './counts.js';
import { HttpClient } from './http.js';
import { runSagaLoad, type SagaLoadResult } from './load.js';
import { Meter, type ResourceUse, waitForQuietMachine } from './meter.js';
import { type Peer, startPeer } from './peer.js';
import { countSqlite, type PrefillResult } from './prefill.js';
import { type ProfileSummary, summarizeProfile } from './profile.js';
import { cpuProfiles, ServerProcess } from './server.js';
import { serverLogFile, type Service, startService } from './services.js';
import { log, ROOT, runTag, session } from './session.js';
import { type SqlStats, sqlStats } from './sql-stats.js';
import { round } from './stats.js';
import { runTrivialLoad, type TrivialLoadResult } from './trivial-load.js';

export interface TrivialRun {
  kind: 'trivial';
  repeat: number;
  load: TrivialLoadResult;
  resources: ResourceUse;
}

/** What a saga run runs: a build of the service on a database, or a peer (PostgreSQL, single flow). */
export interface Variant {
  service: Service | null;
  peer: Peer | null;
  db: Database['kind'];
  stored: number;
  concurrency: number;
  flow: 'poll' | 'single';
  name: string;
  env?: Record<string, string>;
  /** Registration's steps, for the budget under load (from the concurrency-1 budget run). */
  steps?: number;
}

export interface SagaRun {
  kind: 'saga';
  target: 'service' | 'peer';
  repeat: number;
  variant: string;
  flow: 'poll' | 'single';
  /** The closed loop's workers (for an open loop: those of the closed-loop run it is paired with). */
  concurrency: number;
  db: Database['kind'];
  stored: number;
  prefill: PrefillResult | null;
  load: SagaLoadResult;
  resources: ResourceUse;
  exit: { code: number | null; signal: string | null; ms: number };
  startupMs: number;
  rowsAfter?: ReturnType<typeof countSqlite>;
  sql?: SqlStats;
  /** Counted over the measured window, per saga final in it. */
  budget?: Budget;
  profile?: ProfileSummary;
}

export async function measureTrivial(repeat: number, concurrency: number): Promise<TrivialRun> {
  await waitForQuietMachine();
  log(`[${repeat}] trivial POST /ping: ${concurrency} workers, ${session.options.warmupS} s warm-up + ${session.options.durationS} s`);
  const server = await ServerProcess.start({
    label: 'trivial',
    script: join(ROOT, 'dist-bench', 'bench', 'trivial-app.js'),
    port: session.options.port + 1,
    env: { LOG_LEVEL: 'warn', BENCH_SERVICE_DIR: session.services[0].dir },
    nodeArgs: session.services[0].nodeFlags,
    logFile: serverLogFile('trivial'),
  });
  const client = new HttpClient(session.options.port + 1);
  const meter = new Meter(server);
  try {
    const load = await runTrivialLoad({
      client,
      concurrency,
      warmupMs: session.options.warmupS * 1000,
      durationMs: session.options.durationS * 1000,
      runTag,
      onWindow: meter.edge,
    });
    const resources = meter.result();
    log(`[${repeat}] trivial: ${load.requestsPerSec} req/s, p99 ${load.latencyMs.p99} ms, server CPU ${resources.serverCpuPct}%, driver CPU ${resources.driverCpuPct}%`);
    return { kind: 'trivial', repeat, load, resources };
  } finally {
    client.close();
    await server.stop();
  }
}

export async function measureSagas(repeat: number, variant: Variant, rate: number | null, name: string): Promise<SagaRun> {
  const { db, stored, concurrency, env = {} } = variant;
  const label = name.replace(/[^a-z0-9]+/gi, '-');
  const profileDir = session.options.cpuProf && !variant.peer ? join(session.workDir, `profile-${label}-${repeat}`) : undefined;
  const countsFile = (session.options.budget || session.options.sqlStats) && !variant.peer ? join(session.workDir, `counts-${label}-${repeat}.json`) : undefined;
  const shape = rate ? `open loop at ${round(rate, 1)} sagas/s` : `${concurrency} workers`;
  let database: Database | null = null;
  let server: ServerProcess;
  let drop: () => Promise<void>;
  await waitForQuietMachine();
  log(`[${repeat}] ${name}: ${shape}, ${variant.flow === 'single' ? 'one POST with Prefer: wait=30 per saga' : 'POST + long-poll per saga'}, ${session.options.warmupS} s warm-up + ${session.options.durationS} s`);
  if (variant.peer) {
    ({ server, drop } = await startPeer(variant.peer, session.options.port, label));
  } else {
    database = await freshDatabase(db, stored);
    drop = database.drop;
    server = await startService(database, { label, env, cpuProfDir: profileDir, countsFile }).catch(async (error: unknown) => {
      await drop();
      throw error;
    });
  }
  const startupMs = round(performance.now() - server.startedAt, 0);
  const client = new HttpClient(session.options.port);
  const meter = new Meter(server);
  const probe = countsFile && session.options.budget ? new CountsProbe(countsFile, server) : null;
  const edges: number[] = [];
  let lastLog = 0;
  try {
    const load = await runSagaLoad({
      client,
      concurrency,
      flow: variant.flow,
      rate: rate ?? undefined,
      warmupMs: session.options.warmupS * 1000,
      durationMs: session.options.durationS * 1000,
      mix: session.options.mix ?? undefined,
      // The variant as a short hash: its whole name made the e-mails' local part longer than
      // the 64 characters an address may have ("postgres single-request telemetry on"), and every POST a 400.
      runTag: `${runTag}-${createHash('sha1').update(name).digest('hex').slice(0, 8)}-${repeat}`,
      onWindow: (edge) => {
        meter.edge(edge);
        if (probe && edges.length < 2) edges.push(probe.snapshot());
      },
      onProgress: ({ elapsedMs, started, finished, inFlight }) => {
        if (elapsedMs - lastLog < 5000) return;
        lastLog = elapsedMs;
        log(`  ${round(elapsedMs / 1000, 0)} s: ${started} started, ${finished} final, ${inFlight} in flight`);
      },
    });
    const resources = meter.result();
    const budgetTallies = probe && edges.length === 2 ? await Promise.all(edges.map((n) => probe.read(n))) : null;
    const exit = await server.stop();
    const run: SagaRun = {
      kind: 'saga',
      target: variant.peer ? 'peer' : 'service',
      repeat,
      variant: name,
      flow: variant.flow,
      concurrency,
      db,
      stored,
      prefill: database?.prefill ?? null,
      load,
      resources,
      exit: { ...exit, ms: round(exit.ms, 0) },
      startupMs,
    };
    if (budgetTallies) run.budget = budgetBetween(budgetTallies[0], budgetTallies[1], Math.round(load.finishedPerSec * load.windowSeconds), variant.steps ?? 4, db);
    if (database?.path) run.rowsAfter = countSqlite(database.path);
    if (countsFile && session.options.sqlStats) run.sql = sqlStats(countsFile, load.totalFinished);
    if (profileDir) {
      const files = cpuProfiles(profileDir);
      if (files.length) run.profile = summarizeProfile(files[0]);
      else log(`  no .cpuprofile in ${profileDir}: did the service exit cleanly? (${JSON.stringify(exit)})`);
    }
    log(
      `[${repeat}] ${name}: ${load.completedPerSec} COMPLETED/s, time to COMPLETED p50 ${load.timeToCompletedMs.p50} / p99 ${load.timeToCompletedMs.p99} ms, ` +
        `server CPU ${resources.serverCpuPct}% (main thread ${resources.serverMainThreadPct}%), peak RSS ${resources.vmHwmMiB} MiB`,
    );
    return run;
  } finally {
    client.close();
    await server.stop();
    await drop();
  }
}
