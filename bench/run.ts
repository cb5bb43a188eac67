/**
 * `npm run bench`: the registration service under load, beside the same HTTP stack on a trivial
 * route, in one run. See BENCHMARKS.md for what it measures and `npm run bench -- --help`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { HttpClient, sleep } from './lib/http.js';
import { type Mix, runSagaLoad, runTrivialLoad, type SagaLoadResult, type TrivialLoadResult } from './lib/load.js';
import { createScratchDatabase } from './lib/postgres.js';
import { countSqlite, prefillFromTemplate, type PrefillResult } from './lib/prefill.js';
import { type ProfileSummary, summarizeProfile } from './lib/profile.js';
import { cpuProfiles, machineCpu, ServerProcess } from './lib/server.js';
import { median, round } from './lib/stats.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const HELP = `npm run bench -- [options]

  --concurrency N[,N] closed-loop workers (default 64); a list runs each (and a trivial baseline for each)
  --duration S        measured seconds per run (default 20)
  --warmup S          seconds of load before the measured window (default 3)
  --rate R            open loop: start R sagas/s whatever the answers; 'half' (or '0.3x'):
                      first a closed-loop run, then open loop at that fraction of its COMPLETED/s
  --db KIND[,KIND]    sqlite (a file in a temp dir) | memory (sqlite::memory:) | postgres
                      (a fresh database on 127.0.0.1:5432, dropped afterwards); a list runs each
  --stored N[,N]      finished sagas stored before the run (SQLite file only), e.g. 0,1000000
  --mix [SPEC]        declined and failing sagas; SPEC default "declined=10,notify-fail=10" (percent)
  --recovery N        N sagas in flight (send-notification hangs), SIGKILL, restart, time until all final
  --rss-sagas N       run N sagas at --concurrency and sample the server's RSS throughout
  --cpu-prof          profile the service (node --cpu-prof) and print its top self-time functions
  --sql-stats         count the SQL statements the service prepares and runs per saga (SQLite)
  --repeat K          repeat the measurement K times (trivial and service alternate), report medians
  --no-baseline       skip the trivial-route baseline
  --latency MS        SANDBOX_LATENCY_MS of the service (default 0)
  --env K=V           extra environment for the service (repeatable)
  --port P            service port (default 3800; the trivial app uses P+1)
  --ref GIT-REF       benchmark that commit's src/ (built apart in dist-bench/), not the work tree;
                      repeat it (--ref A --ref B) to compare builds in one run
  --service DIR       benchmark an already built service (a dist/ folder), no build
  --no-build          use dist/ as built (by npm run build) instead of compiling src/ apart
  --out FILE          JSON result file (default bench/results/<time>.json)
  --keep              keep the temp dir (SQLite files, logs, profiles)
  --no-wait-quiet     do not wait (up to 120 s) for the machine to be idle before each run
`;

// ---------------------------------------------------------------------------------------------
// Options

interface Options {
  /** The first of `concurrencies`: what the trivial, recovery and RSS runs use. */
  concurrency: number;
  concurrencies: number[];
  durationS: number;
  warmupS: number;
  rate: { absolute: number } | { fraction: number } | null;
  dbs: Array<'sqlite' | 'memory' | 'postgres'>;
  stored: number[];
  mix: Mix | null;
  recovery: number | null;
  rssSagas: number | null;
  cpuProf: boolean;
  sqlStats: boolean;
  repeat: number;
  baseline: boolean;
  latencyMs: number;
  env: Record<string, string>;
  port: number;
  refs: string[];
  service: string | null;
  build: boolean;
  out: string | null;
  keep: boolean;
  waitQuiet: boolean;
}

/** A bad option: one line and a pointer to --help, no stack. */
class UsageError extends Error {}

function parseOptions(argv: string[]): Options {
  // `--mix` may come without a value.
  const args = [...argv];
  const mixAt = args.indexOf('--mix');
  if (mixAt >= 0 && (mixAt === args.length - 1 || args[mixAt + 1].startsWith('--'))) args.splice(mixAt + 1, 0, 'declined=10,notify-fail=10');
  const { values } = parseArgs({
    args,
    options: {
      concurrency: { type: 'string', default: '64' },
      duration: { type: 'string', default: '20' },
      warmup: { type: 'string', default: '3' },
      rate: { type: 'string' },
      db: { type: 'string', default: 'sqlite' },
      stored: { type: 'string', default: '0' },
      mix: { type: 'string' },
      recovery: { type: 'string' },
      'rss-sagas': { type: 'string' },
      'cpu-prof': { type: 'boolean', default: false },
      'sql-stats': { type: 'boolean', default: false },
      repeat: { type: 'string', default: '1' },
      'no-baseline': { type: 'boolean', default: false },
      latency: { type: 'string', default: '0' },
      env: { type: 'string', multiple: true, default: [] },
      port: { type: 'string', default: '3800' },
      ref: { type: 'string', multiple: true, default: [] },
      service: { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      out: { type: 'string' },
      keep: { type: 'boolean', default: false },
      'no-wait-quiet': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  const int = (name: string, text: string, min = 0) => {
    if (!/^\d+$/.test(text) || Number(text) < min) throw new UsageError(`--${name} must be a whole number >= ${min}, not ${JSON.stringify(text)}`);
    return Number(text);
  };
  const dbs = values.db.split(',').map((d) => d.trim());
  for (const d of dbs) if (!['sqlite', 'memory', 'postgres'].includes(d)) throw new UsageError(`--db: unknown ${d} (sqlite, memory or postgres)`);
  const stored = values.stored.split(',').map((s) => int('stored', s.trim().replace(/_/g, '')));
  let rate: Options['rate'] = null;
  if (values.rate !== undefined) {
    if (values.rate === 'half') rate = { fraction: 0.5 };
    else if (/^\d*\.?\d+x$/.test(values.rate)) rate = { fraction: Number(values.rate.slice(0, -1)) };
    else if (/^\d*\.?\d+$/.test(values.rate) && Number(values.rate) > 0) rate = { absolute: Number(values.rate) };
    else throw new UsageError(`--rate must be a number of sagas per second, 'half' or a fraction like 0.3x, not ${values.rate}`);
  }
  let mix: Mix | null = null;
  if (values.mix !== undefined) {
    mix = { declined: 0, notifyFail: 0 };
    for (const part of values.mix.split(',')) {
      const [key, value] = part.split('=').map((s) => s.trim());
      const share = Number(value) / 100;
      if (!Number.isFinite(share) || share < 0 || share > 1) throw new UsageError(`--mix: bad share in ${part}`);
      if (key === 'declined') mix.declined = share;
      else if (key === 'notify-fail') mix.notifyFail = share;
      else throw new UsageError(`--mix: unknown kind ${key} (declined, notify-fail)`);
    }
    if (mix.declined + mix.notifyFail > 1) throw new UsageError('--mix: shares add up to more than 100');
  }
  const env: Record<string, string> = {};
  for (const pair of values.env) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`--env wants KEY=VALUE, not ${pair}`);
    env[pair.slice(0, at)] = pair.slice(at + 1);
  }
  const options: Options = {
    concurrency: 0,
    concurrencies: values.concurrency.split(',').map((c) => int('concurrency', c.trim(), 1)),
    durationS: int('duration', values.duration, 1),
    warmupS: int('warmup', values.warmup),
    rate,
    dbs: dbs as Options['dbs'],
    stored,
    mix,
    recovery: values.recovery === undefined ? null : int('recovery', values.recovery, 1),
    rssSagas: values['rss-sagas'] === undefined ? null : int('rss-sagas', values['rss-sagas'].replace(/_/g, ''), 1),
    cpuProf: values['cpu-prof'],
    sqlStats: values['sql-stats'],
    repeat: int('repeat', values.repeat, 1),
    baseline: !values['no-baseline'],
    latencyMs: int('latency', values.latency),
    env,
    port: int('port', values.port, 1),
    refs: values.ref,
    service: values.service ?? null,
    build: !values['no-build'],
    out: values.out ?? null,
    keep: values.keep,
    waitQuiet: !values['no-wait-quiet'],
  };
  options.concurrency = options.concurrencies[0];
  if (options.stored.some((n) => n > 0) && options.dbs.some((d) => d !== 'sqlite')) throw new UsageError('--stored needs --db sqlite (the prefill writes the SQLite file directly)');
  if (options.recovery && options.dbs.includes('memory')) throw new UsageError('--recovery needs a database that survives the process: --db sqlite or postgres');
  return options;
}

// ---------------------------------------------------------------------------------------------
// The service under test

const runTag = `${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '_')}_${process.pid}`;
let options: Options;
let workDir: string;
interface Service {
  name: string;
  dir: string;
  describe: string;
}
let services: Service[];
/** The service the next start runs. */
let serviceDir: string;
let snapshotDir: string | null = null;
const log = (line: string) => process.stderr.write(`${line}\n`);

/** Builds what is needed and copies the built service aside, so a rebuild of dist/ during the run cannot pull it away. */
function prepareServices(): Service[] {
  if (options.refs.length) return options.refs.map(buildRef);
  return [prepareWorkTree()];
}

/** A commit's src/ built with tsc in dist-bench/ref-<sha>/ (node_modules resolve from the project). */
function buildRef(ref: string): Service {
  const sha = execFileSync('git', ['rev-parse', '--verify', `${ref}^{commit}`], { cwd: ROOT, encoding: 'utf8' }).trim();
  const tree = join(ROOT, 'dist-bench', `ref-${sha.slice(0, 12)}`);
  if (!existsSync(join(tree, 'dist', 'main.js'))) {
    log(`building ${ref} (${sha.slice(0, 12)}) in ${tree}`);
    rmSync(tree, { recursive: true, force: true });
    mkdirSync(tree, { recursive: true });
    const archive = spawnSync('git', ['archive', '--format=tar', sha, 'src', 'tsconfig.json', 'package.json'], { cwd: ROOT, maxBuffer: 1 << 30 });
    if (archive.status !== 0) throw new Error(`git archive failed: ${archive.stderr}`);
    const untar = spawnSync('tar', ['-x', '-C', tree], { input: archive.stdout });
    if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr}`);
    // The service build is plain tsc (nest-cli's builder is tsc with no assets).
    const build = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', join(tree, 'tsconfig.json')], { cwd: tree, stdio: 'inherit' });
    if (build.status !== 0) throw new Error(`building ${ref} failed`);
  }
  return { name: ref, dir: join(tree, 'dist'), describe: `${ref} (${sha.slice(0, 12)})` };
}

/**
 * The work tree's src/, compiled with tsc (what `nest build` runs: builder tsc, no assets) into
 * dist-bench/worktree/dist, so the bench never deletes or rewrites dist/ under someone else's
 * test run. With --no-build or --service, an existing build is copied aside instead, so a
 * rebuild during the run cannot pull it away.
 */
function prepareWorkTree(): Service {
  const describe = `work tree ${gitDescribe()}`;
  if (!options.service && options.build) {
    const tree = join(ROOT, 'dist-bench', 'worktree');
    log(`building the work tree's src/ into ${tree}/dist`);
    // From scratch, like nest build (deleteOutDir): no output of a deleted source file survives.
    rmSync(tree, { recursive: true, force: true });
    mkdirSync(tree, { recursive: true });
    cpSync(join(ROOT, 'package.json'), join(tree, 'package.json'));
    const tsc = join(ROOT, 'node_modules', '.bin', 'tsc');
    const build = spawnSync(tsc, ['-p', join(ROOT, 'tsconfig.json'), '--outDir', join(tree, 'dist'), '--tsBuildInfoFile', join(tree, '.tsbuildinfo')], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    if (build.status !== 0) throw new Error('building the service failed');
    return { name: 'work tree', dir: join(tree, 'dist'), describe };
  }
  const source = options.service ? resolve(options.service) : join(ROOT, 'dist');
  if (!existsSync(join(source, 'main.js'))) throw new Error(`${source}/main.js not found: build the service (npm run build) or drop --no-build`);
  snapshotDir = join(ROOT, 'dist-bench', `service-${process.pid}`);
  rmSync(snapshotDir, { recursive: true, force: true });
  cpSync(source, snapshotDir, { recursive: true });
  return { name: options.service ?? 'dist', dir: snapshotDir, describe: options.service ? `built service ${options.service}` : `dist/ as built (${describe})` };
}

function gitDescribe(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: ROOT, encoding: 'utf8' }).trim();
    return dirty ? `${head} + uncommitted changes in src/` : head;
  } catch {
    return 'unknown';
  }
}

interface Database {
  kind: 'sqlite' | 'memory' | 'postgres';
  url: string;
  path: string | null;
  prefill: PrefillResult | null;
  drop(): Promise<void>;
}

let databaseSeq = 0;
async function freshDatabase(kind: Database['kind'], stored: number): Promise<Database> {
  const label = `db${++databaseSeq}`;
  if (kind === 'memory') return { kind, url: 'sqlite::memory:', path: null, prefill: null, drop: async () => undefined };
  if (kind === 'postgres') {
    const db = await createScratchDatabase(`${runTag}_${label}`);
    return { kind, url: db.url, path: null, prefill: null, drop: db.drop };
  }
  const path = join(workDir, `${label}.db`);
  const database: Database = {
    kind,
    url: `sqlite:${path}`,
    path,
    prefill: null,
    drop: async () => {
      if (!options.keep) for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
    },
  };
  if (stored > 0) {
    // One prefill per service and size; each run gets a copy, since the run adds to it.
    const key = `${serviceDir}:${stored}`;
    let cached = prefilled.get(key);
    if (!cached) {
      const template: Database = { ...database, path: join(workDir, `stored-${stored}-${prefilled.size}.template.db`) };
      template.url = `sqlite:${template.path}`;
      cached = { path: template.path!, result: await prefill(template, stored) };
      prefilled.set(key, cached);
    } else {
      log(`prefill: copying the ${stored} stored sagas prefilled before`);
    }
    cpSync(cached.path, path);
    database.prefill = cached.result;
  }
  return database;
}

const prefilled = new Map<string, { path: string; result: PrefillResult }>();

/** One real saga through the service (which also creates the schema), then `stored - 1` clones of it. */
async function prefill(database: Database, stored: number): Promise<PrefillResult> {
  log(`prefill: ${stored} finished sagas into ${database.path}`);
  const server = await startService(database, { label: 'prefill-template' });
  const client = new HttpClient(options.port);
  const email = `prefill-template-${runTag.toLowerCase()}@example.com`;
  try {
    const answer = await client.request(
      'POST',
      '/registrations',
      JSON.stringify({ email, name: 'Stored Saga', amount: 99.99, currency: 'USD', paymentMethod: 'pm_card_visa' }),
      { 'idempotency-key': randomUUID(), prefer: 'wait=30' },
    );
    const view = JSON.parse(answer.body) as { sagaId: string; status: string };
    if (view.status !== 'COMPLETED') throw new Error(`prefill: the template saga ended ${view.status}`);
    await server.stop();
    const result = prefillFromTemplate(database.path!, view.sagaId, email, stored - 1, runTag.toLowerCase());
    result.sagas = stored;
    log(`prefill: ${stored} sagas (${result.rows} rows cloned: ${JSON.stringify(result.rowsPerSaga)} per saga) in ${result.seconds} s, file ${result.fileMiB} MiB`);
    return result;
  } finally {
    client.close();
    await server.stop();
  }
}

function serviceEnv(database: Database, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: database.url,
    LOG_LEVEL: 'warn',
    SANDBOX_LATENCY_MS: String(options.latencyMs),
    FAULT_INJECTION: options.mix || options.recovery ? 'on' : 'off',
    // Failing e-mails are retried 3 times; with the default 2 s backoff one such saga would hold a worker for 6 s.
    ...(options.mix ? { SAGA_RETRY_BASE_MS: '20' } : {}),
    ...extra,
    ...options.env,
  };
}

let serverSeq = 0;
function startService(
  database: Database,
  {
    label,
    env = {},
    cpuProfDir,
    sqlStatsFile,
    listeningOnly = false,
  }: { label: string; env?: Record<string, string>; cpuProfDir?: string; sqlStatsFile?: string; listeningOnly?: boolean },
) {
  return ServerProcess.start(
    {
      label,
      script: join(serviceDir, 'main.js'),
      port: options.port,
      env: { ...serviceEnv(database, env), ...(sqlStatsFile ? { BENCH_SQL_STATS_FILE: sqlStatsFile } : {}) },
      nodeArgs: sqlStatsFile ? ['--import', pathToFileURL(join(ROOT, 'dist-bench', 'bench', 'sql-stats-preload.js')).href] : [],
      logFile: join(workDir, `${String(++serverSeq).padStart(2, '0')}-${label}.log`),
      cpuProfDir,
    },
    // Any answer (a 404) shows the HTTP server listens; /health also needs the database to answer.
    listeningOnly ? '/bench-listening' : '/health',
    60_000,
    listeningOnly,
  );
}

// ---------------------------------------------------------------------------------------------
// Measuring

/** On a shared 2-core machine, someone else's test run would be measured too: wait until it is over. */
async function waitForQuietMachine(): Promise<void> {
  if (!options.waitQuiet) return;
  const deadline = performance.now() + 120_000;
  let warned = false;
  for (;;) {
    const a = machineCpu();
    await sleep(1000);
    const b = machineCpu();
    const busy = round(((b.busy - a.busy) / Math.max(1, b.total - a.total)) * 100, 0);
    if (busy < 15) return;
    if (performance.now() > deadline) {
      log(`  the machine is still ${busy}% busy with other work; measuring anyway (see 'other CPU %')`);
      return;
    }
    if (!warned) log(`  the machine is ${busy}% busy with other work; waiting up to 120 s for it to calm down`);
    warned = true;
  }
}

interface ResourceUse {
  /** CPU of the server process during the window, in % of one core (200 = both cores). */
  serverCpuPct: number | null;
  /** CPU of its main (JavaScript) thread: near 100 means the event loop is saturated. */
  serverMainThreadPct: number | null;
  driverCpuPct: number;
  /** The whole machine (2 cores), % busy. */
  machineBusyPct: number;
  /** CPU used by everything else on the machine in the window, in % of one core (a database server, or someone else's work). */
  otherCpuPct: number | null;
  rssStartMiB: number | null;
  rssPeakInWindowMiB: number | null;
  rssEndMiB: number | null;
  /** VmHWM: the process's peak RSS over its whole life. */
  vmHwmMiB: number | null;
  threads: number;
}

/** Reads CPU times at the window's edges and RSS samples in between. */
class Meter {
  private open: { at: number; cpu: ReturnType<ServerProcess['cpuTimes']>; driver: NodeJS.CpuUsage; machine: ReturnType<typeof machineCpu> } | null = null;
  private close: { at: number; cpu: ReturnType<ServerProcess['cpuTimes']>; driver: NodeJS.CpuUsage; machine: ReturnType<typeof machineCpu> } | null = null;
  private readonly rssStart: number | null;

  constructor(private readonly server: ServerProcess) {
    this.rssStart = server.sample()?.rssMiB ?? null;
  }

  edge = (edge: 'open' | 'close') => {
    const reading = { at: performance.now(), cpu: this.server.cpuTimes(), driver: process.cpuUsage(), machine: machineCpu() };
    if (edge === 'open') this.open = reading;
    else if (!this.close) this.close = reading;
  };

  result(): ResourceUse {
    const end = this.server.procStatus();
    const open = this.open!;
    const close = this.close ?? { at: performance.now(), cpu: this.server.cpuTimes(), driver: process.cpuUsage(), machine: machineCpu() };
    const seconds = (close.at - open.at) / 1000;
    const pct = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? null : round(((b - a) / seconds) * 100, 0));
    const driverUs = close.driver.user + close.driver.system - open.driver.user - open.driver.system;
    const machineBusyPct = round(((close.machine.busy - open.machine.busy) / Math.max(1, close.machine.total - open.machine.total)) * 100, 0);
    const serverCpuPct = pct(open.cpu?.process, close.cpu?.process);
    const driverCpuPct = round((driverUs / 1e6 / seconds) * 100, 0);
    const inWindow = this.server.samples.filter((s) => s.at >= open.at && s.at <= close.at).map((s) => s.rssMiB);
    return {
      serverCpuPct,
      serverMainThreadPct: pct(open.cpu?.mainThread, close.cpu?.mainThread),
      driverCpuPct,
      machineBusyPct,
      otherCpuPct: serverCpuPct === null ? null : Math.max(0, round(machineBusyPct * cpus().length - serverCpuPct - driverCpuPct, 0)),
      rssStartMiB: this.rssStart === null ? null : round(this.rssStart, 0),
      rssPeakInWindowMiB: inWindow.length ? round(Math.max(...inWindow), 0) : null,
      rssEndMiB: end ? round(end.VmRSS / 1024, 0) : null,
      vmHwmMiB: end ? round(end.VmHWM / 1024, 0) : null,
      threads: this.server.threadCount(),
    };
  }
}

interface TrivialRun {
  kind: 'trivial';
  repeat: number;
  load: TrivialLoadResult;
  resources: ResourceUse;
}

interface SagaRun {
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
  log(`[${repeat}] trivial POST /ping: ${concurrency} workers, ${options.warmupS} s warm-up + ${options.durationS} s`);
  const server = await ServerProcess.start({
    label: 'trivial',
    script: join(ROOT, 'dist-bench', 'bench', 'trivial-app.js'),
    port: options.port + 1,
    env: { LOG_LEVEL: 'warn', BENCH_SERVICE_DIR: services[0].dir },
    logFile: join(workDir, `${String(++serverSeq).padStart(2, '0')}-trivial.log`),
  });
  const client = new HttpClient(options.port + 1);
  const meter = new Meter(server);
  try {
    const load = await runTrivialLoad({
      client,
      concurrency,
      warmupMs: options.warmupS * 1000,
      durationMs: options.durationS * 1000,
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
): Promise<SagaRun> {
  const database = await freshDatabase(db, stored);
  const profileDir = options.cpuProf ? join(workDir, `profile-${variant.replace(/[^a-z0-9]+/gi, '-')}-${repeat}`) : undefined;
  const shape = rate ? `open loop at ${round(rate, 1)} sagas/s` : `${concurrency} workers`;
  await waitForQuietMachine();
  log(`[${repeat}] ${variant}: ${shape}, ${options.warmupS} s warm-up + ${options.durationS} s`);
  const sqlStatsFile = options.sqlStats ? join(workDir, `sql-${variant.replace(/[^a-z0-9]+/gi, '-')}-${repeat}.json`) : undefined;
  const server = await startService(database, { label: variant.replace(/[^a-z0-9]+/gi, '-'), cpuProfDir: profileDir, sqlStatsFile });
  const startupMs = round(performance.now() - server.startedAt, 0);
  const client = new HttpClient(options.port);
  const meter = new Meter(server);
  let lastLog = 0;
  try {
    const load = await runSagaLoad({
      client,
      concurrency,
      rate: rate ?? undefined,
      warmupMs: options.warmupS * 1000,
      durationMs: options.durationS * 1000,
      mix: options.mix ?? undefined,
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

// ---------------------------------------------------------------------------------------------
// Scenarios

interface ThroughputReport {
  scenario: 'throughput';
  runs: Array<TrivialRun | SagaRun>;
  medians: Array<Record<string, unknown>>;
}

async function throughput(): Promise<ThroughputReport> {
  const runs: Array<TrivialRun | SagaRun> = [];
  const variants: Array<{ service: Service; db: Database['kind']; stored: number; concurrency: number; name: string }> = [];
  for (const service of services) {
    for (const db of options.dbs) {
      for (const stored of options.stored) {
        for (const concurrency of options.concurrencies) {
          const name = [
            services.length > 1 ? service.name : '',
            db,
            stored > 0 ? `stored=${stored}` : '',
            options.concurrencies.length > 1 && !(options.rate && 'absolute' in options.rate) ? `c=${concurrency}` : '',
          ]
            .filter(Boolean)
            .join(' ');
          variants.push({ service, db, stored, concurrency, name });
        }
      }
    }
  }
  for (let repeat = 1; repeat <= options.repeat; repeat++) {
    if (options.baseline) for (const concurrency of options.concurrencies) runs.push(await measureTrivial(repeat, concurrency));
    for (const variant of variants) {
      serviceDir = variant.service.dir;
      const { db, stored, concurrency, name } = variant;
      if (options.rate && 'fraction' in options.rate) {
        const max = await measureSagas(repeat, db, stored, concurrency, null, `${name} closed`);
        runs.push(max);
        const rate = max.load.completedPerSec * options.rate.fraction;
        runs.push(await measureSagas(repeat, db, stored, concurrency, rate, `${name} open ${options.rate.fraction}x`));
      } else {
        const rate = options.rate ? options.rate.absolute : null;
        runs.push(await measureSagas(repeat, db, stored, concurrency, rate, rate ? `${name} open ${rate}/s` : name));
      }
    }
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
      serverCpuPct: median(mine.map((r) => r.resources.serverCpuPct)),
      mainThreadPct: median(mine.map((r) => r.resources.serverMainThreadPct)),
      driverCpuPct: median(mine.map((r) => r.resources.driverCpuPct)),
      machineBusyPct: median(mine.map((r) => r.resources.machineBusyPct)),
      otherCpuPct: median(mine.map((r) => r.resources.otherCpuPct)),
      vmHwmMiB: median(mine.map((r) => r.resources.vmHwmMiB)),
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
      serverCpuPct: median(mine.map((r) => r.resources.serverCpuPct)),
      mainThreadPct: median(mine.map((r) => r.resources.serverMainThreadPct)),
      driverCpuPct: median(mine.map((r) => r.resources.driverCpuPct)),
      machineBusyPct: median(mine.map((r) => r.resources.machineBusyPct)),
      otherCpuPct: median(mine.map((r) => r.resources.otherCpuPct)),
      vmHwmMiB: median(mine.map((r) => r.resources.vmHwmMiB)),
    });
  }
  return rows;
}

interface RecoveryReport {
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
async function recovery(n: number): Promise<RecoveryReport> {
  const database = await freshDatabase(options.dbs[0], 0);
  await waitForQuietMachine();
  let server = await startService(database, { label: 'recovery-before-kill' });
  const client = new HttpClient(options.port);
  try {
    const put = await client.request('PUT', '/admin/faults', JSON.stringify({ rules: [{ operation: 'notifications.send', mode: 'hang' }] }));
    if (put.status !== 200) throw new Error(`PUT /admin/faults: ${put.status} ${put.body}`);
    log(`recovery: starting ${n} sagas whose welcome e-mail hangs`);
    const sagaIds: string[] = [];
    const t0 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(options.concurrency, n) }, async () => {
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
      const rules = JSON.parse((await client.request('GET', '/admin/faults')).body) as { rules: Array<{ fired: number }> };
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
    const poller = new HttpClient(options.port);
    let allFinalAt = 0;
    try {
      for (;;) {
        const unfinished = await Promise.all(
          ['RUNNING', 'COMPENSATING'].map(async (status) => {
            const page = JSON.parse((await poller.request('GET', `/sagas?status=${status}&limit=1`)).body) as { items: unknown[] };
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

function recoveryMedians(runs: RecoveryReport[]): Record<string, number | null> {
  const keys = ['restartToListeningMs', 'restartToHealthyMs', 'restartToAllFinalMs', 'healthyToAllFinalMs', 'cpuSecondsToAllFinal', 'vmHwmMiB'] as const;
  return Object.fromEntries(keys.map((key) => [key, median(runs.map((r) => r[key]))]));
}

interface RssReport {
  scenario: 'rss';
  db: Database['kind'];
  sagas: number;
  seconds: number;
  load: SagaLoadResult;
  resources: ResourceUse;
  rssAfterIdleMiB: number | null;
  /** RSS when 0 %, 10 %, ... 100 % of the sagas were final. */
  rssByProgress: Array<{ finished: number; rssMiB: number }>;
  samples: Array<{ s: number; rssMiB: number }>;
}

async function rss(n: number): Promise<RssReport> {
  const database = await freshDatabase(options.dbs[0], options.stored[0]);
  await waitForQuietMachine();
  const server = await startService(database, { label: 'rss' });
  const client = new HttpClient(options.port);
  const meter = new Meter(server);
  const t0 = performance.now();
  const byProgress: Array<{ finished: number; rssMiB: number }> = [{ finished: 0, rssMiB: round(server.sample()?.rssMiB ?? 0, 0) }];
  let lastLog = 0;
  try {
    log(`rss: ${n} sagas, ${options.concurrency} workers`);
    const load = await runSagaLoad({
      client,
      concurrency: options.concurrency,
      warmupMs: 0,
      durationMs: 0,
      totalSagas: n,
      mix: options.mix ?? undefined,
      runTag: `${runTag}-rss`.toLowerCase(),
      onWindow: meter.edge,
      onProgress: ({ elapsedMs, finished, started }) => {
        const sample = server.sample();
        if (sample && finished >= (byProgress.length * n) / 10) byProgress.push({ finished, rssMiB: round(sample.rssMiB, 0) });
        if (elapsedMs - lastLog >= 10_000) {
          lastLog = elapsedMs;
          log(`  ${round(elapsedMs / 1000, 0)} s: ${finished}/${n} final (${started} started), RSS ${round(sample?.rssMiB ?? 0, 0)} MiB`);
        }
      },
    });
    const seconds = (performance.now() - t0) / 1000;
    const resources = meter.result();
    byProgress.push({ finished: n, rssMiB: resources.rssEndMiB ?? 0 });
    await sleep(5000);
    const rssAfterIdleMiB = server.sample()?.rssMiB ?? null;
    return {
      scenario: 'rss',
      db: database.kind,
      sagas: n,
      seconds: round(seconds, 1),
      load,
      resources,
      rssAfterIdleMiB: rssAfterIdleMiB === null ? null : round(rssAfterIdleMiB, 0),
      rssByProgress: byProgress,
      samples: server.samples.map((s) => ({ s: round((s.at - t0) / 1000, 1), rssMiB: round(s.rssMiB, 0) })),
    };
  } finally {
    client.close();
    await server.stop();
    await database.drop();
  }
}

// ---------------------------------------------------------------------------------------------
// Printing

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')).join('\n');
}

const fmt = (v: unknown, digits = 1) => (v === null || v === undefined ? '-' : typeof v === 'number' ? String(round(v, digits)) : String(v));
const trio = (a: unknown, b: unknown, c: unknown) => `${fmt(a)} / ${fmt(b)} / ${fmt(c)}`;

function printThroughput(report: ThroughputReport): void {
  const out: string[] = [];
  const rows = report.medians;
  const head = ['', 'per s', 'vs trivial', 'http/s', 'POST ms p50/p95/p99', 'to COMPLETED ms p50/p95/p99', 'server CPU %', 'main thr %', 'driver CPU %', 'other CPU %', 'machine %', 'peak RSS MiB'];
  const body = rows.map((r) =>
    r.trivial
      ? [String(r.variant), fmt(r.perSec), '1', fmt(r.perSec), `${fmt(r.latencyP50)} / ${fmt(r.latencyP95)} / ${fmt(r.latencyP99)}`, '-', fmt(r.serverCpuPct, 0), fmt(r.mainThreadPct, 0), fmt(r.driverCpuPct, 0), fmt(r.otherCpuPct, 0), fmt(r.machineBusyPct, 0), fmt(r.vmHwmMiB, 0)]
      : [
          String(r.variant),
          fmt(r.perSec),
          fmt(r.vsTrivial, 3),
          fmt(r.httpPerSec),
          trio(r.postP50, r.postP95, r.postP99),
          trio(r.completedP50, r.completedP95, r.completedP99),
          fmt(r.serverCpuPct, 0),
          fmt(r.mainThreadPct, 0),
          fmt(r.driverCpuPct, 0),
          fmt(r.otherCpuPct, 0),
          fmt(r.machineBusyPct, 0),
          fmt(r.vmHwmMiB, 0),
        ],
  );
  const repeats = Math.max(...report.runs.map((r) => r.repeat));
  out.push(`\nThroughput${repeats > 1 ? ` (medians of ${repeats} runs; ratios paired within a run)` : ''}: 'per s' = COMPLETED sagas/s (trivial: requests/s)`);
  out.push(table([head, ...body]));
  const variants = rows.filter((r) => r.vsFirstVariant !== null && r.vsFirstVariant !== undefined);
  if (variants.length) out.push(`vs ${String(rows.find((r) => !r.trivial)?.variant)}: ${variants.map((r) => `${String(r.variant)} ${fmt(r.vsFirstVariant, 3)}`).join(', ')}`);
  for (const run of report.runs) {
    // On PostgreSQL 'other' is mostly the database server itself.
    if ((run.resources.otherCpuPct ?? 0) > 25 && !(run.kind === 'saga' && run.db === 'postgres')) {
      out.push(`[${run.repeat}] ${run.kind === 'saga' ? run.variant : 'trivial'}: other processes used ${run.resources.otherCpuPct}% of a core during the window: noisy, compare medians or rerun`);
    }
    if (run.kind !== 'saga') continue;
    const l = run.load;
    const extra = [
      `finished ${JSON.stringify(l.byStatus)}`,
      l.unexpected ? `unexpected outcomes ${l.unexpected}` : '',
      Object.keys(l.errors).length ? `errors ${JSON.stringify(l.errors)}` : '',
      l.unfinished ? `unfinished ${l.unfinished}` : '',
      l.skipped ? `skipped (in-flight cap) ${l.skipped}` : '',
      l.mixDowngraded ? `notify-fail run as ok (rule cap) ${l.mixDowngraded}` : '',
      `server-side time to COMPLETED p50/p99 ${fmt(l.serverTimeToCompletedMs.p50)} / ${fmt(l.serverTimeToCompletedMs.p99)} ms`,
      `POSTs per saga ${l.postsPerSaga}`,
      run.prefill ? `prefill ${run.prefill.seconds} s, ${run.prefill.fileMiB} MiB` : '',
      `start-up ${run.startupMs} ms`,
      `exit ${run.exit.code ?? run.exit.signal} after ${run.exit.ms} ms`,
    ].filter(Boolean);
    out.push(`[${run.repeat}] ${run.variant}${l.offeredRate ? ` (offered ${fmt(l.offeredRate)}/s)` : ''}: ${extra.join('; ')}`);
    if (run.sql) out.push(formatSql(run.sql));
    if (run.profile) out.push(formatProfile(run.profile));
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

interface SqlStats {
  sagas: number;
  distinct: number;
  executedPerSaga: number;
  preparedPerSaga: number;
  top: Array<{ sql: string; executed: number; prepared: number; perSaga: number }>;
  /** Statements that differ only in literal numbers or strings: each variant is prepared anew. */
  literalVariants: Array<{ pattern: string; variants: number; preparedPerSaga: number }>;
}

function sqlStats(file: string, sagas: number): SqlStats | undefined {
  if (!existsSync(file)) {
    log(`  no SQL counts in ${file} (PostgreSQL does not go through better-sqlite3)`);
    return undefined;
  }
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { distinct: number; prepared: number; executed: number; statements: Array<{ sql: string; executed: number; prepared: number }> };
  const per = (n: number) => round(n / Math.max(1, sagas), 2);
  const patterns = new Map<string, { variants: number; prepared: number }>();
  for (const statement of raw.statements) {
    const pattern = statement.sql.replace(/'(?:[^']|'')*'/g, "'…'").replace(/\b\d+(\.\d+)?\b/g, 'N');
    const entry = patterns.get(pattern) ?? { variants: 0, prepared: 0 };
    entry.variants++;
    entry.prepared += statement.prepared;
    patterns.set(pattern, entry);
  }
  return {
    sagas,
    distinct: raw.distinct,
    literalVariants: [...patterns.entries()]
      .filter(([, p]) => p.variants > 1)
      .sort((a, b) => b[1].prepared - a[1].prepared)
      .slice(0, 10)
      .map(([pattern, p]) => ({ pattern, variants: p.variants, preparedPerSaga: per(p.prepared) })),
    executedPerSaga: per(raw.executed),
    preparedPerSaga: per(raw.prepared),
    top: raw.statements.slice(0, 20).map((s) => ({ ...s, perSaga: per(s.executed) })),
  };
}

function formatSql(sql: SqlStats): string {
  const lines = [`\nSQL through better-sqlite3 over the whole run (${sql.sagas} sagas finished, warm-up included): ${sql.executedPerSaga} statements run and ${sql.preparedPerSaga} prepared per saga, ${sql.distinct} distinct`];
  lines.push(table([['per saga', 'prepared', 'statement'], ...sql.top.map((s) => [String(s.perSaga), String(s.prepared), s.sql.replace(/\s+/g, ' ').slice(0, 150)])]));
  if (sql.literalVariants.length) {
    lines.push('statements that differ only in literal values (each variant is prepared again and evicts the statement cache):');
    lines.push(
      table([
        ['variants', 'prepared per saga', 'pattern'],
        ...sql.literalVariants.map((v) => [String(v.variants), String(v.preparedPerSaga), v.pattern.replace(/\s+/g, ' ').slice(0, 150)]),
      ]),
    );
  }
  return lines.join('\n');
}

function formatProfile(p: ProfileSummary): string {
  const lines = [`\nCPU profile of the service (${p.busyMs} ms busy of ${p.totalMs} ms; % of busy time): top self time`];
  lines.push(table([['function', 'where', 'self ms', '%'], ...p.top.map((r) => [r.name, r.where, String(r.selfMs), String(r.percent)])]));
  lines.push('by origin:');
  lines.push(table([['origin', 'self ms', '%'], ...p.byOrigin.slice(0, 15).map((r) => [r.origin, String(r.selfMs), String(r.percent)])]));
  return lines.join('\n');
}

function printRecovery(r: RecoveryReport): void {
  process.stdout.write(
    `\nRecovery after SIGKILL with ${r.inFlight} sagas in flight (${r.db}):\n` +
      table([
        ['started the sagas', `${r.startMs} ms`],
        ['all in flight (send-notification hanging)', `${r.inFlightReachedMs} ms`],
        ['restart to the first HTTP answer (a 404)', `${r.restartToListeningMs} ms`],
        ['restart to /health 200', `${r.restartToHealthyMs} ms`],
        ['restart to all final', `${r.restartToAllFinalMs} ms`],
        ['/health 200 to all final (first poll that saw none unfinished)', `${r.healthyToAllFinalMs} ms`],
        ['final statuses', JSON.stringify(r.finalStatuses)],
        ['attempts redelivered', String(r.redelivered)],
        ['CPU of the restarted process until all final', `${r.cpuSecondsToAllFinal} s`],
        ['peak RSS of the restarted process', `${r.vmHwmMiB} MiB`],
      ]) +
      '\n',
  );
}

function printRss(r: RssReport): void {
  process.stdout.write(
    `\nRSS over ${r.sagas} sagas (${r.db}, ${options.concurrency} workers, ${r.seconds} s, ${r.load.completedPerSec} COMPLETED/s):\n` +
      table([
        ['RSS at start (after start-up)', `${r.resources.rssStartMiB} MiB`],
        ['peak RSS (samples / VmHWM)', `${r.resources.rssPeakInWindowMiB} / ${r.resources.vmHwmMiB} MiB`],
        ['RSS at the end of the load', `${r.resources.rssEndMiB} MiB`],
        ['RSS after 5 s idle', `${r.rssAfterIdleMiB} MiB`],
        ['by sagas final', r.rssByProgress.map((p) => `${p.finished}: ${p.rssMiB}`).join(', ')],
        ['final statuses', JSON.stringify(r.load.byStatus)],
        ['errors', JSON.stringify(r.load.errors)],
      ]) +
      '\n',
  );
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  options = parseOptions(process.argv.slice(2));
  services = prepareServices();
  serviceDir = services[0].dir;
  workDir = mkdtempSync(join(tmpdir(), 'saga-bench-'));
  const meta = {
    date: new Date().toISOString(),
    service: services.map((s) => s.describe).join(' vs '),
    node: process.version,
    nproc: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memGiB: round(Number(/MemTotal:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? 0) / 1024 / 1024, 1),
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
    options,
    serviceEnv: serviceEnv({ kind: options.dbs[0], url: '(per run)', path: null, prefill: null, drop: async () => undefined }),
    workDir,
  };
  log(`bench ${runTag}: ${meta.service}, node ${meta.node}, ${meta.nproc} cores; logs in ${workDir}`);
  let report: ThroughputReport | RecoveryReport | { scenario: 'recovery'; runs: RecoveryReport[]; medians: Record<string, number | null> } | RssReport;
  try {
    if (options.recovery) {
      const runs: RecoveryReport[] = [];
      for (let repeat = 1; repeat <= options.repeat; repeat++) {
        runs.push(await recovery(options.recovery));
        printRecovery(runs[runs.length - 1]);
      }
      report = runs.length === 1 ? runs[0] : { scenario: 'recovery', runs, medians: recoveryMedians(runs) };
      if (runs.length > 1) process.stdout.write(`\nmedians of ${runs.length} runs: ${JSON.stringify(recoveryMedians(runs))}\n`);
    } else if (options.rssSagas) {
      report = await rss(options.rssSagas);
      printRss(report);
    } else {
      report = await throughput();
      printThroughput(report);
    }
  } finally {
    if (snapshotDir) rmSync(snapshotDir, { recursive: true, force: true });
  }
  // Kept after a failure: the servers' logs are there.
  if (!options.keep) rmSync(workDir, { recursive: true, force: true });
  const out = options.out ? resolve(options.out) : join(ROOT, 'bench', 'results', `${runTag}.json`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ meta, report }, null, 2)}\n`);
  process.stdout.write(`\n${meta.service}; node ${meta.node}; ${meta.nproc} x ${meta.cpu}; SANDBOX_LATENCY_MS=${options.latencyMs}\nresult: ${out}\n`);
}

main().catch((error: unknown) => {
  const usage = error instanceof UsageError || String((error as { code?: unknown })?.code).startsWith('ERR_PARSE_ARGS');
  if (usage) {
    process.stderr.write(`${(error as Error).message}\n(npm run bench -- --help)\n`);
    process.exit(2);
  }
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  if (snapshotDir) rmSync(snapshotDir, { recursive: true, force: true });
  // Keep the servers' logs for a look, not gigabytes of prefilled databases.
  if (workDir && !options?.keep) {
    for (const name of readdirSync(workDir)) if (/\.db(-wal|-shm)?$/.test(name)) rmSync(join(workDir, name), { force: true });
    process.stderr.write(`server logs: ${workDir}\n`);
  }
  process.exit(1);
});

