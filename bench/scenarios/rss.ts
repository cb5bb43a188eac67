/** The RSS scenario: N sagas at --concurrency with the server's RSS sampled throughout. */
import { type Database, freshDatabase } from '../lib/databases.js';
import { HttpClient, sleep } from '../lib/http.js';
import { runSagaLoad, type SagaLoadResult } from '../lib/load.js';
import { Meter, type ResourceUse, waitForQuietMachine } from '../lib/meter.js';
import { startService } from '../lib/services.js';
import { log, runTag, session } from '../lib/session.js';
import { round } from '../lib/stats.js';

export interface RssReport {
  scenario: 'rss';
  db: Database['kind'];
  sagas: number;
  seconds: number;
  load: SagaLoadResult;
  resources: ResourceUse;
  rssAfterIdleMiB: number | null;
  /** RSS when 0 %, 10 %, ... 100 % of the sagas were final. */
  rssByProgress: Array<{ finished: number; rssMiB: number }>;
  /**
   * For each tenth of the run: the highest RSS sample, and the lowest V8 heap-used reading of
   * /metrics (polled every second), which approximates the live data after a collection, so a
   * leak shows as a rising floor.
   */
  byTenth: Array<{ tenth: number; rssMaxMiB: number; heapUsedMinMiB: number | null }>;
  samples: Array<{ s: number; rssMiB: number }>;
}

export async function rss(n: number): Promise<RssReport> {
  const database = await freshDatabase(session.options.dbs[0], session.options.stored[0]);
  await waitForQuietMachine();
  const server = await startService(database, { label: 'rss' });
  const client = new HttpClient(session.options.port);
  const meter = new Meter(server);
  const t0 = performance.now();
  const byProgress: Array<{ finished: number; rssMiB: number }> = [{ finished: 0, rssMiB: round(server.sample()?.rssMiB ?? 0, 0) }];
  let lastLog = 0;
  const heap: Array<{ at: number; usedMiB: number }> = [];
  const heapPoller = setInterval(() => {
    void client
      .request('GET', '/metrics')
      .then((r) => {
        const used = /^nodejs_heap_size_used_bytes (\d+)/m.exec(r.body)?.[1];
        if (used) heap.push({ at: performance.now(), usedMiB: Number(used) / 2 ** 20 });
      })
      .catch(() => undefined);
  }, 1000);
  try {
    log(`rss: ${n} sagas, ${session.options.concurrency} workers`);
    const load = await runSagaLoad({
      client,
      concurrency: session.options.concurrency,
      warmupMs: 0,
      durationMs: 0,
      totalSagas: n,
      mix: session.options.mix ?? undefined,
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
    clearInterval(heapPoller);
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
      byTenth: tenths(t0, seconds, server.samples, heap),
      samples: server.samples.map((s) => ({ s: round((s.at - t0) / 1000, 1), rssMiB: round(s.rssMiB, 0) })),
    };
  } finally {
    clearInterval(heapPoller);
    client.close();
    await server.stop();
    await database.drop();
  }
}

function tenths(t0: number, seconds: number, rssSamples: Array<{ at: number; rssMiB: number }>, heap: Array<{ at: number; usedMiB: number }>) {
  const tenthOf = (at: number) => Math.min(9, Math.floor(((at - t0) / 1000 / seconds) * 10));
  return Array.from({ length: 10 }, (_, tenth) => {
    const rss = rssSamples.filter((s) => s.at >= t0 && tenthOf(s.at) === tenth).map((s) => s.rssMiB);
    const used = heap.filter((h) => tenthOf(h.at) === tenth).map((h) => h.usedMiB);
    return { tenth: tenth + 1, rssMaxMiB: round(Math.max(0, ...rss), 0), heapUsedMinMiB: used.length ? round(Math.min(...used), 0) : null };
  });
}
