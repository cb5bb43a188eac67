/** The console report of each scenario (the JSON result file is written by run.ts). */
import { type HostileReport } from '../scenarios/hostile.js';
import { type RecoveryReport } from '../scenarios/recovery.js';
import { type RssReport } from '../scenarios/rss.js';
import { type ThroughputReport } from '../scenarios/throughput.js';
import { type ProfileSummary } from './profile.js';
import { session } from './session.js';
import { formatBudget, formatPeer, formatSingleTargets } from './report-targets.js';
import { formatSql } from './sql-stats.js';
import { fmt, table, trio } from './table.js';

export function printThroughput(report: ThroughputReport): void {
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
  out.push(...formatSingleTargets(report), ...formatPeer(report), ...formatBudget(report), '');
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

function formatProfile(p: ProfileSummary): string {
  const lines = [`\nCPU profile of the service (${p.busyMs} ms busy of ${p.totalMs} ms; % of busy time): top self time`];
  lines.push(table([['function', 'where', 'self ms', '%'], ...p.top.map((r) => [r.name, r.where, String(r.selfMs), String(r.percent)])]));
  lines.push('by origin:');
  lines.push(table([['origin', 'self ms', '%'], ...p.byOrigin.slice(0, 15).map((r) => [r.origin, String(r.selfMs), String(r.percent)])]));
  return lines.join('\n');
}

export function printRecovery(r: RecoveryReport): void {
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

export function printRss(r: RssReport): void {
  process.stdout.write(
    `\nRSS over ${r.sagas} sagas (${r.db}, ${session.options.concurrency} workers, ${r.seconds} s, ${r.load.completedPerSec} COMPLETED/s):\n` +
      table([
        ['RSS at start (after start-up)', `${r.resources.rssStartMiB} MiB`],
        ['peak RSS (samples / VmHWM)', `${r.resources.rssPeakInWindowMiB} / ${r.resources.vmHwmMiB} MiB`],
        ['RSS at the end of the load', `${r.resources.rssEndMiB} MiB`],
        ['RSS after 5 s idle', `${r.rssAfterIdleMiB} MiB`],
        ['by sagas final', r.rssByProgress.map((p) => `${p.finished}: ${p.rssMiB}`).join(', ')],
        ['highest RSS in each tenth of the run', r.byTenth.map((t) => t.rssMaxMiB).join(', ')],
        ['lowest V8 heap used in each tenth (live data)', r.byTenth.map((t) => t.heapUsedMinMiB ?? '-').join(', ')],
        ['final statuses', JSON.stringify(r.load.byStatus)],
        ['errors', JSON.stringify(r.load.errors)],
      ]) +
      '\n',
  );
}

export function printHostile(r: HostileReport): void {
  const runs = r.runs.map((run) => [
    `${run.service} #${run.repeat}`,
    fmt(run.idle.latencyMs.p50),
    fmt(run.smallFlood.latencyMs.p50),
    fmt(run.smallP50Ratio, 2),
    fmt(run.flood.latencyMs.p50),
    fmt(run.p50Ratio, 2),
    fmt(run.flood.latencyMs.p99),
    fmt(run.hostile.perSec),
    JSON.stringify(run.hostile.byStatus),
    fmt(run.hostile.meanAnswerBytes, 0),
    fmt(run.resources.serverCpuPct, 0),
  ]);
  const medians = r.medians.map((m) => [`${m.service} (median)`, fmt(m.idleP50), fmt(m.smallFloodP50), fmt(m.smallP50Ratio, 2), fmt(m.floodP50), fmt(m.p50Ratio, 2), fmt(m.floodP99), fmt(m.hostilePerSec), '', '', fmt(m.serverCpuPct, 0)]);
  const head = ['', 'POST p50 idle ms', 'p50 under small 400s ms', 'ratio', `p50 under hostile ms`, 'ratio', 'p99 under flood ms', 'hostile/s', 'hostile statuses', 'answer B', 'server CPU %'];
  process.stdout.write(`\nnormal POST /registrations, idle and under a flood of hostile 100 kB bodies from ${r.clients} clients (${session.options.dbs[0]}):\n${table([head, ...runs, ...medians])}\n`);
}
