/** The parts of the throughput report that answer the performance issue's targets: write budget, the peer, the single-request flow. */
import { type ThroughputReport } from '../scenarios/throughput.js';
import { budgetLine } from './counts.js';
import { session } from './session.js';
import { fmt, table } from './table.js';

const mark = (pass: boolean) => (pass ? '✓ pass' : '✗ miss');

export function formatBudget(report: ThroughputReport): string[] {
  const out: string[] = [];
  if (report.budget.length) {
    out.push('\nWrite budget per saga at concurrency 1 (sagas one after another, one POST with Prefer: wait=30 each; happy path):');
    for (const b of report.budget) {
      const odd = Object.keys(b.statuses).some((s) => s !== 'COMPLETED') ? `; final statuses ${JSON.stringify(b.statuses)}` : '';
      out.push(`  ${b.db}${session.services.length > 1 ? ` (${b.service})` : ''}: ${budgetLine(b.budget)} in ${b.seconds} s${odd}`);
      out.push(`    idle, per second: ${b.idlePerSec.statements} statements, ${b.idlePerSec.writeCommits} write and ${b.idlePerSec.readCommits} read-only commits (counted in the figures above over the sagas' time)`);
    }
  }
  const loaded = report.medians.filter((r) => r.writeCommitsPerSaga !== undefined);
  if (loaded.length) {
    out.push('Under load, per saga final in the measured window (commits shared by several sagas count once):');
    out.push(
      table([
        ['', 'write transactions', 'allowed', '', 'statements', 'bus messages'],
        ...loaded.map((r) => {
          const steps = report.budget.find((b) => b.db === r.db)?.budget.steps ?? 4;
          return [`  ${String(r.variant)}`, fmt(r.writeCommitsPerSaga, 2), String(steps + 2), mark((r.writeCommitsPerSaga as number) <= steps + 2), fmt(r.statementsPerSaga, 2), fmt(r.busPerSaga, 2)];
        }),
      ]),
    );
  }
  return out;
}

export function formatPeer(report: ThroughputReport): string[] {
  if (!report.peer) return [];
  const out = [`\nOurs against the ${report.peer.describe}: same load (one POST with Prefer: wait=30 per saga, same workers, warm-up and duration), alternating, fresh PostgreSQL databases each run:`];
  for (const c of report.peer.comparisons) {
    out.push(
      table([
        ['', 'ours COMPLETED/s', 'peer COMPLETED/s', 'ours/peer'],
        ...c.rounds.map((r) => [`  round ${r.repeat}${report.peer!.comparisons.length > 1 ? ` c=${c.concurrency}` : ''}`, fmt(r.ours), fmt(r.peer), fmt(r.ratio, 2)]),
        [`  median of ${c.rounds.length}`, fmt(c.oursMedian), fmt(c.peerMedian), fmt(c.ratio, 2)],
      ]),
    );
    out.push(`  p99 POST→final: ours ${fmt(c.oursP99Median)} ms, peer ${fmt(c.peerP99Median)} ms (medians)`);
    out.push(`  target: at least 2x the peer: ${fmt(c.ratio, 2)}x ${mark((c.ratio ?? 0) >= 2)}`);
  }
  return out;
}

/** The single-request flow against the SQLite targets: 0.25 of the trivial route, p99 under 50 ms at half the max rate. */
export function formatSingleTargets(report: ThroughputReport): string[] {
  const out: string[] = [];
  // The issue sets these on the SQLite file (the default database); PostgreSQL's target is the peer.
  const rows = report.medians.filter((r) => !r.trivial && r.target === 'service' && r.flow === 'single' && r.db === 'sqlite');
  for (const r of rows.filter((x) => !x.open && x.vsTrivial !== null)) {
    out.push(`${String(r.variant)}: ${fmt(r.perSec)} COMPLETED/s = ${fmt(r.vsTrivial, 3)} of the trivial route's req/s (target 0.25, goal 1/3) ${mark((r.vsTrivial as number) >= 0.25)}`);
  }
  const half = session.options.rate && 'fraction' in session.options.rate && session.options.rate.fraction === 0.5;
  for (const r of half ? rows.filter((x) => x.open) : []) {
    out.push(`${String(r.variant)}: p99 POST→COMPLETED ${fmt(r.completedP99)} ms at half the max rate (target under 50 ms) ${mark((r.completedP99 as number) < 50)}`);
  }
  return out.length ? ['', ...out] : [];
}
