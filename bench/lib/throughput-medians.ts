/** The medians over repeats of the throughput scenario's runs, one row per variant, ratios paired within a repeat. */
import { type SagaRun, type TrivialRun } from './saga-run.js';
import { median, round } from './stats.js';

export function medians(runs: Array<TrivialRun | SagaRun>): Array<Record<string, unknown>> {
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
    const budgets = mine.map((r) => r.budget).filter((b) => b !== undefined);
    rows.push({
      variant,
      target: mine[0].target,
      flow: mine[0].flow,
      db: mine[0].db,
      open: mine[0].load.mode === 'open',
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
      ...(budgets.length
        ? {
            writeCommitsPerSaga: median(budgets.map((b) => b.writeCommitsPerSaga)),
            statementsPerSaga: median(budgets.map((b) => b.statementsPerSaga)),
            busPerSaga: median(budgets.map((b) => b.busPerSaga)),
          }
        : {}),
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

/** Ours against the peer, round by round (closed-loop runs at the same concurrency of the same repeat). */
export interface PeerComparison {
  concurrency: number;
  rounds: Array<{ repeat: number; ours: number; peer: number; ratio: number | null }>;
  oursMedian: number | null;
  peerMedian: number | null;
  /** Median of the per-round ratios. */
  ratio: number | null;
  oursP99Median: number | null;
  peerP99Median: number | null;
}

export function peerComparisons(runs: Array<TrivialRun | SagaRun>): PeerComparison[] {
  const closed = runs.filter((r): r is SagaRun => r.kind === 'saga' && r.load.mode === 'closed');
  const peers = closed.filter((r) => r.target === 'peer');
  const out: PeerComparison[] = [];
  for (const concurrency of [...new Set(peers.map((r) => r.concurrency))]) {
    const rounds = peers
      .filter((p) => p.concurrency === concurrency)
      .map((p) => {
        const ours = closed.find((r) => r.target === 'service' && r.repeat === p.repeat && r.concurrency === concurrency && r.flow === 'single');
        return { repeat: p.repeat, ours: ours?.load.completedPerSec ?? 0, peer: p.load.completedPerSec, ratio: ours && p.load.completedPerSec ? round(ours.load.completedPerSec / p.load.completedPerSec, 2) : null, oursP99: ours?.load.timeToCompletedMs.p99, peerP99: p.load.timeToCompletedMs.p99 };
      });
    out.push({
      concurrency,
      rounds: rounds.map(({ repeat, ours, peer, ratio }) => ({ repeat, ours, peer, ratio })),
      oursMedian: median(rounds.map((r) => r.ours)),
      peerMedian: median(rounds.map((r) => r.peer)),
      ratio: median(rounds.map((r) => r.ratio)),
      oursP99Median: median(rounds.map((r) => r.oursP99)),
      peerP99Median: median(rounds.map((r) => r.peerP99)),
    });
  }
  return out;
}
