/** The command line of `npm run bench`: its --help text and the parsed, checked options. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type Mix } from './mix.js';
import { ROOT } from './session.js';

const HELP = `npm run bench -- [options]

  --flow F[,F]        poll (default): POST /registrations, then the same POST with Prefer: wait=30
                      until final; single: one POST with Prefer: wait=30 per saga, answered with the
                      final saga view (time to COMPLETED = that POST's latency); a list runs each
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
  --hostile           normal POST /registrations p50 while --hostile-clients clients (default 4)
                      flood the service with hostile 100 kB bodies, against idle (--duration each)
  --hostile-clients N clients sending hostile bodies in --hostile (default 4)
  --console-paint     first contentful paint of the operator console's saga list in Chromium
                      (median of 3 page loads; with --stored 1000000 for the figure in BENCHMARKS.md)
  --cpu-prof          profile the service (node --cpu-prof) and print its top self-time functions
  --sql-stats         count the SQL statements the service prepares and runs per saga (SQLite and
                      PostgreSQL), with the most frequent statements
  --budget            the write budget per saga on each --db: committed write transactions (allowed:
                      steps + 2), statements and bus messages per saga, counted at the driver
                      (better-sqlite3, pg) and @nestjs/cqrs bus level; measured in a separate run
                      at concurrency 1 (--budget-sagas sagas, one after another) and in the
                      measured window of each load run
  --budget-sagas N    sagas of the concurrency-1 budget run (default 100)
  --peer dbos[:DIR]   also run the DBOS Transact peer (DIR/dbos/server.mjs, default DIR
                      ../shared/peers from the project root; installed once with npm ci in
                      $TMPDIR/saga-peer-dbos) on its own fresh PostgreSQL databases, alternating
                      with the service each repeat under the same load, and print ours/peer.
                      Implies --db postgres --flow single and, unless given, --repeat 3
  --repeat K          repeat the measurement K times (trivial and service alternate), report medians
  --no-baseline       skip the trivial-route baseline
  --latency MS        SANDBOX_LATENCY_MS of the service (default 0)
  --env K=V           extra environment for the service (repeatable)
  --node-arg FLAG     extra Node.js flag for the service, after its npm start flags (repeatable;
                      e.g. --node-arg=--trace-gc, whose lines land in the kept server log)
  --telemetry         each variant twice, plain and with webhooks and tracing on (WEBHOOK_URL and
                      OTEL_EXPORTER_OTLP_ENDPOINT at a sink in the bench process answering 204/200)
  --port P            service port (default 3800; the trivial app uses P+1)
  --ref GIT-REF       benchmark that commit's src/ (built apart in dist-bench/), not the work tree;
                      repeat it (--ref A --ref B) to compare builds in one run
  --service DIR       benchmark an already built service (a dist/ folder), no build
  --no-build          use dist/ as built (by npm run build) instead of compiling src/ apart
  --out FILE          JSON result file (default bench/results/<time>.json)
  --keep              keep the temp dir (SQLite files, logs, profiles)
  --no-wait-quiet     do not wait (up to 120 s) for the machine to be idle before each run
`;

export interface Options {
  /** The first of `concurrencies`: what the trivial, recovery and RSS runs use. */
  concurrency: number;
  concurrencies: number[];
  flows: Array<'poll' | 'single'>;
  peer: { name: 'dbos'; dir: string } | null;
  budget: boolean;
  budgetSagas: number;
  durationS: number;
  warmupS: number;
  rate: { absolute: number } | { fraction: number } | null;
  dbs: Array<'sqlite' | 'memory' | 'postgres'>;
  stored: number[];
  mix: Mix | null;
  recovery: number | null;
  rssSagas: number | null;
  hostile: boolean;
  hostileClients: number;
  consolePaint: boolean;
  cpuProf: boolean;
  sqlStats: boolean;
  repeat: number;
  baseline: boolean;
  latencyMs: number;
  env: Record<string, string>;
  /** Extra Node.js flags for the service (--node-arg). */
  nodeArgs: string[];
  telemetry: boolean;
  port: number;
  refs: string[];
  service: string | null;
  build: boolean;
  out: string | null;
  keep: boolean;
  waitQuiet: boolean;
}

/** A bad option: one line and a pointer to --help, no stack. */
export class UsageError extends Error {}

export function parseOptions(argv: string[]): Options {
  // `--mix` may come without a value.
  const args = [...argv];
  const mixAt = args.indexOf('--mix');
  if (mixAt >= 0 && (mixAt === args.length - 1 || args[mixAt + 1].startsWith('--'))) args.splice(mixAt + 1, 0, 'declined=10,notify-fail=10');
  const { values } = parseArgs({
    args,
    options: {
      concurrency: { type: 'string', default: '64' },
      flow: { type: 'string' },
      peer: { type: 'string' },
      budget: { type: 'boolean', default: false },
      'budget-sagas': { type: 'string', default: '100' },
      duration: { type: 'string', default: '20' },
      warmup: { type: 'string', default: '3' },
      rate: { type: 'string' },
      db: { type: 'string' },
      stored: { type: 'string', default: '0' },
      mix: { type: 'string' },
      recovery: { type: 'string' },
      'rss-sagas': { type: 'string' },
      hostile: { type: 'boolean', default: false },
      'hostile-clients': { type: 'string', default: '4' },
      'console-paint': { type: 'boolean', default: false },
      'cpu-prof': { type: 'boolean', default: false },
      'sql-stats': { type: 'boolean', default: false },
      repeat: { type: 'string' },
      'no-baseline': { type: 'boolean', default: false },
      latency: { type: 'string', default: '0' },
      env: { type: 'string', multiple: true, default: [] },
      'node-arg': { type: 'string', multiple: true, default: [] },
      telemetry: { type: 'boolean', default: false },
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
  const peer = values.peer === undefined ? null : parsePeer(values.peer);
  const dbs = (values.db ?? (peer ? 'postgres' : 'sqlite')).split(',').map((d) => d.trim());
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
    flows: (values.flow ?? (peer ? 'single' : 'poll')).split(',').map((f) => {
      if (f.trim() !== 'poll' && f.trim() !== 'single') throw new UsageError(`--flow: unknown ${f} (poll or single)`);
      return f.trim() as 'poll' | 'single';
    }),
    peer,
    budget: values.budget,
    budgetSagas: int('budget-sagas', values['budget-sagas'], 1),
    durationS: int('duration', values.duration, 1),
    warmupS: int('warmup', values.warmup),
    rate,
    dbs: dbs as Options['dbs'],
    stored,
    mix,
    recovery: values.recovery === undefined ? null : int('recovery', values.recovery, 1),
    rssSagas: values['rss-sagas'] === undefined ? null : int('rss-sagas', values['rss-sagas'].replace(/_/g, ''), 1),
    hostile: values.hostile,
    hostileClients: int('hostile-clients', values['hostile-clients'], 1),
    consolePaint: values['console-paint'],
    cpuProf: values['cpu-prof'],
    sqlStats: values['sql-stats'],
    repeat: int('repeat', values.repeat ?? (peer ? '3' : '1'), 1),
    baseline: !values['no-baseline'],
    latencyMs: int('latency', values.latency),
    env,
    nodeArgs: values['node-arg'],
    telemetry: values.telemetry,
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
  if (options.consolePaint && (options.dbs.length !== 1 || options.dbs[0] !== 'sqlite')) throw new UsageError('--console-paint runs on one SQLite file: --db sqlite');
  if (peer) {
    if (options.dbs.some((d) => d !== 'postgres')) throw new UsageError('--peer runs on PostgreSQL only: drop --db or give --db postgres');
    if (options.flows.includes('poll')) throw new UsageError("--peer compares the single-request flow (the peer answers one POST when the saga is final): drop --flow or give --flow single");
    if (options.recovery || options.rssSagas || options.hostile) throw new UsageError('--peer is part of the throughput run, not of --recovery, --rss-sagas or --hostile');
  }
  if (options.recovery && options.dbs.includes('memory')) throw new UsageError('--recovery needs a database that survives the process: --db sqlite or postgres');
  return options;
}

/**
 * `dbos` or `dbos:DIR`: DIR (default ../shared/peers from the project root) holds dbos/server.mjs
 * and its package.json. Checked here, so a missing peer stops the run before anything is built.
 */
function parsePeer(spec: string): { name: 'dbos'; dir: string } {
  const at = spec.indexOf(':');
  const name = at < 0 ? spec : spec.slice(0, at);
  if (name !== 'dbos') throw new UsageError(`--peer: unknown peer ${JSON.stringify(name)} (dbos, or dbos:DIR)`);
  const dir = at < 0 ? resolve(ROOT, '..', 'shared', 'peers') : resolve(spec.slice(at + 1));
  for (const file of ['server.mjs', 'package.json']) {
    if (!existsSync(join(dir, name, file))) {
      throw new UsageError(`--peer ${name}: ${join(dir, name, file)} not found. The peer lives outside the project; give its folder (the one holding ${name}/) as --peer ${name}:DIR`);
    }
  }
  return { name, dir };
}
