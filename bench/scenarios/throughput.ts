/**
 * The throughput scenario: the trivial route and each variant (build, database, stored sagas,
 * workers, flow; closed or open loop; the DBOS peer with --peer), alternating per repeat, and the
 * medians over repeats. With --budget, first the write budget of each build and database at
 * concurrency 1 (scenarios/budget.ts); the load runs then count it in their window too.
 */
import { type Peer, preparePeer } from '../lib/peer.js';
import { measureSagas, measureTrivial, type SagaRun, type TrivialRun, type Variant } from '../lib/saga-run.js';
import { log, session } from '../lib/session.js';
import { TelemetrySink } from '../lib/telemetry-sink.js';
import { medians, type PeerComparison, peerComparisons } from '../lib/throughput-medians.js';
import { budgetRun, type BudgetRun } from './budget.js';

export type { SagaRun, TrivialRun };

export interface ThroughputReport {
  scenario: 'throughput';
  runs: Array<TrivialRun | SagaRun>;
  medians: Array<Record<string, unknown>>;
  budget: BudgetRun[];
  peer: { describe: string; comparisons: PeerComparison[] } | null;
}

function variantsOf(sink: TelemetrySink | null, peer: Peer | null): Variant[] {
  const variants: Variant[] = [];
  const { options } = session;
  const openAbsolute = options.rate !== null && 'absolute' in options.rate;
  for (const service of session.services) {
    for (const db of options.dbs) {
      for (const stored of options.stored) {
        for (const concurrency of options.concurrencies) {
          for (const flow of options.flows) {
            const name = [
              session.services.length > 1 ? service.name : '',
              db,
              stored > 0 ? `stored=${stored}` : '',
              options.concurrencies.length > 1 && !openAbsolute ? `c=${concurrency}` : '',
              flow === 'single' || options.flows.length > 1 ? `${flow}${flow === 'single' ? '-request' : ''}` : '',
            ]
              .filter(Boolean)
              .join(' ');
            variants.push({ service, peer: null, db, stored, concurrency, flow, name });
            if (sink) variants.push({ service, peer: null, db, stored, concurrency, flow, name: `${name} telemetry on`.trim(), env: sink.serviceEnv() });
          }
        }
      }
    }
  }
  // After ours in each repeat, so the two alternate: ours, peer, ours, peer...
  if (peer) for (const concurrency of options.concurrencies) variants.push({ service: null, peer, db: 'postgres', stored: 0, concurrency, flow: 'single', name: `${peer.name} peer postgres${options.concurrencies.length > 1 ? ` c=${concurrency}` : ''}` });
  return variants;
}

export async function throughput(): Promise<ThroughputReport> {
  const { options } = session;
  // Before anything else: a peer that cannot be installed stops the run at once.
  const peer = options.peer ? preparePeer(options.peer) : null;
  const runs: Array<TrivialRun | SagaRun> = [];
  const sink = options.telemetry ? await TelemetrySink.start(options.port + 2) : null;
  const variants = variantsOf(sink, peer);
  const budget: BudgetRun[] = [];
  if (options.budget) {
    for (const service of session.services) {
      for (const db of options.dbs) {
        const run = await budgetRun(service, db);
        budget.push(run);
        for (const v of variants) if (v.service === service && v.db === db) v.steps = run.budget.steps;
      }
    }
  }
  for (let repeat = 1; repeat <= options.repeat; repeat++) {
    if (options.baseline) for (const concurrency of options.concurrencies) runs.push(await measureTrivial(repeat, concurrency));
    for (const variant of variants) {
      if (variant.service) {
        session.serviceDir = variant.service.dir;
        session.nodeFlags = variant.service.nodeFlags;
      }
      if (options.rate && 'fraction' in options.rate) {
        const max = await measureSagas(repeat, variant, null, `${variant.name} closed`);
        runs.push(max);
        const rate = max.load.completedPerSec * options.rate.fraction;
        runs.push(await measureSagas(repeat, variant, rate, `${variant.name} open ${options.rate.fraction}x`));
      } else {
        const rate = options.rate ? options.rate.absolute : null;
        runs.push(await measureSagas(repeat, variant, rate, rate ? `${variant.name} open ${rate}/s` : variant.name));
      }
    }
  }
  if (sink) {
    log(`telemetry sink: ${JSON.stringify(sink.counts)}`);
    await sink.stop();
  }
  return { scenario: 'throughput', runs, medians: medians(runs), budget, peer: peer ? { describe: peer.describe, comparisons: peerComparisons(runs) } : null };
}
