/**
 * The throughput scenario: the trivial route and each service variant (build, database, stored
 * sagas, workers; closed or open loop), alternating per repeat, and the medians over repeats.
 */
import { join } from 'node:path';
import { type Database, freshDatabase } from '../lib/databases.js';
import { HttpClient } from '../lib/http.js';
import { runSagaLoad, type SagaLoadResult } from '../lib/load.js';
import { runTrivialLoad, type TrivialLoadResult } from '../lib/trivial-load.js';
import { Meter, type ResourceUse, waitForQuietMachine } from '../lib/meter.js';
import { countSqlite, type PrefillResult } from '../lib/prefill.js';
import { type ProfileSummary, summarizeProfile } from '../lib/profile.js';
import { cpuProfiles, ServerProcess } from '../lib/server.js';
import { serverLogFile, type Service, startService } from '../lib/services.js';
import { log, ROOT, runTag, session } from '../lib/session.js';
import { type SqlStats, sqlStats } from '../lib/sql-stats.js';
import { median, round } from '../lib/stats.js';
import { TelemetrySink } from '../lib/telemetry-sink.js';

export interface TrivialRun {
  kind: 'trivial';
  repeat: number;
  load: TrivialLoadResult;
  resources: ResourceUse;
}

export interface SagaRun {
  kind: 'saga';
  repeat: number;
  variant: string;
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
  profile?: ProfileSummary;
}

async function measureTrivial(repeat: number, concurrency: number): Promise<TrivialRun> {
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

async function measureSagas(
  repeat: number,
  db: Database['kind'],
  stored: number,
  concurrency: number,
  rate: number | null,
  variant: string,
  env: Record<string, string> = {},
): Promise<SagaRun> {
  const database = await freshDatabase(db, stored);
  const profileDir = session.options.cpuProf ? join(session.workDir, `profile-${variant.replace(/[^a-z0-9]+/gi, '-')}-${repeat}`) : undefined;
  const shape = rate ? `open loop at ${round(rate, 1)} sagas/s` : `${concurrency} workers`;
  await waitForQuietMachine();
  log(`[${repeat}] ${variant}: ${shape}, ${session.options.warmupS} s warm-up + ${session.options.durationS} s`);
  const sqlStatsFile = session.options.sqlStats ? join(session.workDir, `sql-${variant.replace(/[^a-z0-9]+/gi, '-')}-${repeat}.json`) : undefined;
  const server = await startService(database, { label: variant.replace(/[^a-z0-9]+/gi, '-'), env, cpuProfDir: profileDir, sqlStatsFile });
  const startupMs = round(performance.now() - server.startedAt, 0);
  const client = new HttpClient(session.options.port);
  const meter = new Meter(server);
  let lastLog = 0;
  try {
    const load = await runSagaLoad({
      client,
      concurrency,
      rate: rate ?? undefined,
      warmupMs: session.options.warmupS * 1000,
      durationMs: session.options.durationS * 1000,
      mix: session.options.mix ?? undefined,
      runTag: `${runTag}-${variant.replace(/[^a-z0-9]+/gi, '')}-${repeat}`.toLowerCase(),
      onWindow: meter.edge,
      onProgress: ({ elapsedMs, started, finished, inFlight }) => {
        if (elapsedMs - lastLog < 5000) return;
        lastLog = elapsedMs;
        log(`  ${round(elapsedMs / 1000, 0)} s: ${started} started, ${finished} final, ${inFlight} in flight`);
      },
    });
    const resources = meter.result();
    const exit = await server.stop();
    const run: SagaRun = { kind: 'saga', repeat, variant, concurrency, db, stored, prefill: database.prefill, load, resources, exit: { ...exit, ms: round(exit.ms, 0) }, startupMs };
    if (database.path) run.rowsAfter = countSqlite(database.path);
    if (sqlStatsFile) run.sql = sqlStats(sqlStatsFile, load.totalFinished);
    if (profileDir) {
      const files = cpuProfiles(profileDir);
      if (files.length) run.profile = summarizeProfile(files[0]);
      else log(`  no .cpuprofile in ${profileDir}: did the service exit cleanly? (${JSON.stringify(exit)})`);
    }
    log(
      `[${repeat}] ${variant}: ${load.completedPerSec} COMPLETED/s, time to COMPLETED p50 ${load.timeToCompletedMs.p50} / p99 ${load.timeToCompletedMs.p99} ms, ` +
        `server CPU ${resources.serverCpuPct}% (main thread ${resources.serverMainThreadPct}%), peak RSS ${resources.vmHwmMiB} MiB`,
    );
    return run;
  } finally {
    client.close();
    await server.stop();
    await database.drop();
  }
}

export interface ThroughputReport {
  scenario: 'throughput';
  runs: Array<TrivialRun | SagaRun>;
  medians: Array<Record<string, unknown>>;
}

export async function throughput(): Promise<ThroughputReport> {
  const runs: Array<TrivialRun | SagaRun> = [];
  const variants: Array<{ service: Service; db: Database['kind']; stored: number; concurrency: number; name: string; env?: Record<string, string> }> = [];
  const sink = session.options.telemetry ? await TelemetrySink.start(session.options.port + 2) : null;
  for (const service of session.services) {
    for (const db of session.options.dbs) {
      for (const stored of session.options.stored) {
        for (const concurrency of session.options.concurrencies) {
          const name = [
            session.services.length > 1 ? service.name : '',
            db,
            stored > 0 ? `stored=${stored}` : '',
            session.options.concurrencies.length > 1 && !(session.options.rate && 'absolute' in session.options.rate) ? `c=${concurrency}` : '',
          ]
            .filter(Boolean)
            .join(' ');
          variants.push({ service, db, stored, concurrency, name });
          if (sink) variants.push({ service, db, stored, concurrency, name: `${name} telemetry on`.trim(), env: sink.serviceEnv() });
        }
      }
    }
  }
  for (let repeat = 1; repeat <= session.options.repeat; repeat++) {
    if (session.options.baseline) for (const concurrency of session.options.concurrencies) runs.push(await measureTrivial(repeat, concurrency));
    for (const variant of variants) {
      session.serviceDir = variant.service.dir;
      session.nodeFlags = variant.service.nodeFlags;
      const { db, stored, concurrency, name, env } = variant;
      if (session.options.rate && 'fraction' in session.options.rate) {
        const max = await measureSagas(repeat, db, stored, concurrency, null, `${name} closed`, env);
        runs.push(max);
        const rate = max.load.completedPerSec * session.options.rate.fraction;
        runs.push(await measureSagas(repeat, db, stored, concurrency, rate, `${name} open ${session.options.rate.fraction}x`, env));
      } else {
        const rate = session.options.rate ? session.options.rate.absolute : null;
        runs.push(await measureSagas(repeat, db, stored, concurrency, rate, rate ? `${name} open ${rate}/s` : name, env));
      }
    }
  }
  if (sink) {
    log(`telemetry sink: ${JSON.stringify(sink.counts)}`);
    await sink.stop();
  }
  return { scenario: 'throughput', runs, medians: medians(runs) };
}

function medians(runs: Array<TrivialRun | SagaRun>): Array<Record<string, unknown>> {
  const trivial = runs.filter((r): r is TrivialRun => r.kind === 'trivial');
  const rows: Array<Record<string, unknown>> = [];
  const trivialConcurrencies = [...new Set(trivial.map((r) => r.load.concurrency))];
  for (const concurrency of trivialConcurrencies) {
    const mine = trivial.filter((r) => r.load.concurrency === concurrency);
    rows.push({
      variant: `trivial POST /ping${trivialConcurrencies.length > 1 ? ` c=${concurrency}` : ''}`,
      trivial: true,
      runs: mine.length,
      perSec: median(mine.map((r) => r.load.requestsPerSec)),
      latencyP50: median(mine.map((r) => r.load.latencyMs.p50)),
      latencyP95: median(mine.map((r) => r.load.latencyMs.p95)),
      latencyP99: median(mine.map((r) => r.load.latencyMs.p99)),
      ...resourceMedians(mine),
    });
  }
  const sagaRuns = runs.filter((r): r is SagaRun => r.kind === 'saga');
  const first = sagaRuns.length ? sagaRuns[0].variant : null;
  for (const variant of [...new Set(sagaRuns.map((r) => r.variant))]) {
    const mine = sagaRuns.filter((r) => r.variant === variant);
    // Ratios are paired within a repeat: this variant against the trivial run and the first variant of the same repeat.
    const vsTrivial = mine.map((r) => {
      const t = trivial.find((x) => x.repeat === r.repeat && x.load.concurrency === r.concurrency);
      return t ? r.load.completedPerSec / t.load.requestsPerSec : null;
    });
    const vsFirst = mine.map((r) => {
      const f = sagaRuns.find((x) => x.repeat === r.repeat && x.variant === first);
      return f && f.load.completedPerSec ? r.load.completedPerSec / f.load.completedPerSec : null;
    });
    rows.push({
      variant,
      runs: mine.length,
      perSec: median(mine.map((r) => r.load.completedPerSec)),
      finishedPerSec: median(mine.map((r) => r.load.finishedPerSec)),
      httpPerSec: median(mine.map((r) => r.load.httpPerSec)),
      vsTrivial: round(median(vsTrivial), 3),
      vsFirstVariant: variant === first ? null : round(median(vsFirst), 3),
      postP50: median(mine.map((r) => r.load.postLatencyMs.p50)),
      postP95: median(mine.map((r) => r.load.postLatencyMs.p95)),
      postP99: median(mine.map((r) => r.load.postLatencyMs.p99)),
      completedP50: median(mine.map((r) => r.load.timeToCompletedMs.p50)),
      completedP95: median(mine.map((r) => r.load.timeToCompletedMs.p95)),
      completedP99: median(mine.map((r) => r.load.timeToCompletedMs.p99)),
      serverCompletedP50: median(mine.map((r) => r.load.serverTimeToCompletedMs.p50)),
      serverCompletedP99: median(mine.map((r) => r.load.serverTimeToCompletedMs.p99)),
      ...resourceMedians(mine),
    });
  }
  return rows;
}

/** The medians of the resource readings of several runs of one variant. */
function resourceMedians(runs: Array<{ resources: Record<'serverCpuPct' | 'serverMainThreadPct' | 'driverCpuPct' | 'machineBusyPct' | 'otherCpuPct' | 'vmHwmMiB', number | null> }>) {
  const of = (key: keyof (typeof runs)[number]['resources']) => median(runs.map((r) => r.resources[key]));
  return {
    serverCpuPct: of('serverCpuPct'),
    mainThreadPct: of('serverMainThreadPct'),
    driverCpuPct: of('driverCpuPct'),
    machineBusyPct: of('machineBusyPct'),
    otherCpuPct: of('otherCpuPct'),
    vmHwmMiB: of('vmHwmMiB'),
  };
}
