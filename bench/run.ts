/**
 * `npm run bench`: the registration service under load, beside the same HTTP stack on a trivial
 * route, in one run. See BENCHMARKS.md for what it measures and `npm run bench -- --help`.
 *
 * This file sets the run up and picks the scenario: options in lib/options.ts, the builds under
 * test in lib/services.ts, databases in lib/databases.ts, the scenarios in scenarios/, the
 * console report in lib/report.ts.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseOptions, UsageError } from './lib/options.js';
import { printHostile, printRecovery, printRss, printThroughput } from './lib/report.js';
import { prepareServices, serviceEnv } from './lib/services.js';
import { log, ROOT, runTag, session } from './lib/session.js';
import { round } from './lib/stats.js';
import { consolePaint, type ConsolePaintReport } from './scenarios/console-paint.js';
import { hostile, type HostileReport } from './scenarios/hostile.js';
import { recovery, recoveryMedians, type RecoveryReport } from './scenarios/recovery.js';
import { rss, type RssReport } from './scenarios/rss.js';
import { throughput, type ThroughputReport } from './scenarios/throughput.js';

async function main(): Promise<void> {
  session.options = parseOptions(process.argv.slice(2));
  session.services = prepareServices();
  session.serviceDir = session.services[0].dir;
  session.nodeFlags = session.services[0].nodeFlags;
  session.workDir = mkdtempSync(join(tmpdir(), 'saga-bench-'));
  const meta = {
    date: new Date().toISOString(),
    service: session.services.map((s) => s.describe + (s.nodeFlags.length ? ` [${s.nodeFlags.join(' ')}]` : '')).join(' vs '),
    node: process.version,
    nproc: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memGiB: round(Number(/MemTotal:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? 0) / 1024 / 1024, 1),
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
    options: session.options,
    serviceEnv: serviceEnv({ kind: session.options.dbs[0], url: '(per run)', path: null, prefill: null, drop: async () => undefined }),
    workDir: session.workDir,
  };
  log(`bench ${runTag}: ${meta.service}, node ${meta.node}, ${meta.nproc} cores; logs in ${session.workDir}`);
  let report: ThroughputReport | RecoveryReport | { scenario: 'recovery'; runs: RecoveryReport[]; medians: Record<string, number | null> } | RssReport | HostileReport | ConsolePaintReport;
  try {
    if (session.options.recovery) {
      const runs: RecoveryReport[] = [];
      for (let repeat = 1; repeat <= session.options.repeat; repeat++) {
        runs.push(await recovery(session.options.recovery));
        printRecovery(runs[runs.length - 1]);
      }
      report = runs.length === 1 ? runs[0] : { scenario: 'recovery', runs, medians: recoveryMedians(runs) };
      if (runs.length > 1) process.stdout.write(`\nmedians of ${runs.length} runs: ${JSON.stringify(recoveryMedians(runs))}\n`);
    } else if (session.options.consolePaint) {
      report = await consolePaint(session.options.stored[0]);
    } else if (session.options.hostile) {
      report = await hostile();
      printHostile(report);
    } else if (session.options.rssSagas) {
      report = await rss(session.options.rssSagas);
      printRss(report);
    } else {
      report = await throughput();
      printThroughput(report);
    }
  } finally {
    if (session.snapshotDir) rmSync(session.snapshotDir, { recursive: true, force: true });
  }
  // Kept after a failure: the servers' logs are there.
  if (!session.options.keep) rmSync(session.workDir, { recursive: true, force: true });
  const out = session.options.out ? resolve(session.options.out) : join(ROOT, 'bench', 'results', `${runTag}.json`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ meta, report }, null, 2)}\n`);
  process.stdout.write(`\n${meta.service}; node ${meta.node}; ${meta.nproc} x ${meta.cpu}; SANDBOX_LATENCY_MS=${session.options.latencyMs}\nresult: ${out}\n`);
}

main().catch((error: unknown) => {
  const usage = error instanceof UsageError || String((error as { code?: unknown })?.code).startsWith('ERR_PARSE_ARGS');
  if (usage) {
    process.stderr.write(`${(error as Error).message}\n(npm run bench -- --help)\n`);
    process.exit(2);
  }
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  if (session.snapshotDir) rmSync(session.snapshotDir, { recursive: true, force: true });
  // Keep the servers' logs for a look, not gigabytes of prefilled databases.
  if (session.workDir && !session.options?.keep) {
    for (const name of readdirSync(session.workDir)) if (/\.db(-wal|-shm)?$/.test(name)) rmSync(join(session.workDir, name), { force: true });
    process.stderr.write(`server logs: ${session.workDir}\n`);
  }
  process.exit(1);
});

