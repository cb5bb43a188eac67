/**
 * The hostile-input scenario: how much a flood of hostile 100 kB bodies from a few clients slows
 * a normal registration. Per repeat and build, on a fresh database: one client posts normal
 * registrations one after another for --duration seconds with nobody else sending (idle), then
 * again while --hostile-clients clients (default 4) post, closed loop, bodies of just under the
 * 100 kB limit built to cost the server: an array of 33,000 `{}`, 49,000 levels of nested
 * arrays, 16,000 levels of nested objects, and an object with 9,500 unknown fields. The figure
 * is the normal POST's p50 under the flood against idle, within the same repeat. For scale, the
 * same clients also flood small invalid bodies (`{"email":"x"}`, a 400 from validation): a flood
 * of the cheapest requests there are, which no input check can make cheaper.
 */
import { randomUUID } from 'node:crypto';
import { freshDatabase } from '../lib/databases.js';
import { HttpClient } from '../lib/http.js';
import { Meter, type ResourceUse, waitForQuietMachine } from '../lib/meter.js';
import { type ServerProcess } from '../lib/server.js';
import { startService } from '../lib/services.js';
import { log, runTag, session } from '../lib/session.js';
import { median, round, type Summary, summarize } from '../lib/stats.js';

const LIMIT = 100 * 1024;

/** The hostile bodies, each just under the 100 kB limit (so the body parser reads all of it). */
export const HOSTILE_BODIES: Record<string, string> = {
  'array of {}': `[${Array(33_000).fill('{}').join(',')}]`,
  'nested arrays': `{"a":${'['.repeat(49_000)}${']'.repeat(49_000)}}`,
  'nested objects': `${'{"a":'.repeat(16_000)}1${'}'.repeat(16_000)}`,
  'unknown fields': `{${Array.from({ length: 9_500 }, (_, i) => `"k${i}":1`).join(',')}}`,
};
/** The control: a small body refused by the DTO's validation. */
const SMALL_INVALID = ['{"email":"x"}'];
for (const [kind, body] of Object.entries(HOSTILE_BODIES)) if (Buffer.byteLength(body) >= LIMIT) throw new Error(`hostile body ${kind} is over the limit`);

export interface NormalPosts {
  latencyMs: Summary;
  errors: Record<string, number>;
}

export interface HostileRun {
  repeat: number;
  service: string;
  idle: NormalPosts;
  /** Under the same clients sending small invalid bodies. */
  smallFlood: NormalPosts;
  smallP50Ratio: number | null;
  flood: NormalPosts;
  /** p50 under the flood / p50 idle. */
  p50Ratio: number | null;
  hostile: { sent: number; perSec: number; byStatus: Record<string, number>; meanAnswerBytes: number };
  /** Over the flood window. */
  resources: ResourceUse;
}

export interface HostileReport {
  scenario: 'hostile';
  clients: number;
  runs: HostileRun[];
  medians: Array<{ service: string; idleP50: number | null; smallFloodP50: number | null; smallP50Ratio: number | null; floodP50: number | null; p50Ratio: number | null; floodP99: number | null; hostilePerSec: number | null; serverCpuPct: number | null }>;
}

/** Normal registrations, one at a time, for `durationMs`. */
async function normalPosts(client: HttpClient, tag: string, durationMs: number): Promise<NormalPosts> {
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  const end = performance.now() + durationMs;
  for (let i = 0; performance.now() < end; i++) {
    const body = JSON.stringify({ email: `${tag}-${i}@example.com`, name: 'Ada Lovelace', amount: 99.99, currency: 'USD', paymentMethod: 'pm_card_visa' });
    const t0 = performance.now();
    const { status } = await client.request('POST', '/registrations', body);
    latencies.push(performance.now() - t0);
    if (status !== 202) errors[status] = (errors[status] ?? 0) + 1;
  }
  return { latencyMs: summarize(latencies), errors };
}

/** `clients` closed loops of `kinds` (in turn) until `stop` says so. */
function flood(client: HttpClient, clients: number, kinds: string[], stop: () => boolean) {
  const byStatus: Record<string, number> = {};
  let sent = 0;
  let answerBytes = 0;
  const loops = Array.from({ length: clients }, async (_, c) => {
    for (let i = c; !stop(); i++) {
      const { status, body } = await client.request('POST', '/registrations', kinds[i % kinds.length]);
      sent++;
      answerBytes += Buffer.byteLength(body);
      byStatus[status] = (byStatus[status] ?? 0) + 1;
    }
  });
  return { done: Promise.all(loops), result: () => ({ sent, byStatus, meanAnswerBytes: sent ? round(answerBytes / sent, 0) : 0 }) };
}

/** Normal registrations for `durationMs` while `clients` closed loops post `kinds`. */
async function underFlood(client: HttpClient, clients: number, kinds: string[], tag: string, durationMs: number, server?: ServerProcess) {
  let stopping = false;
  const attack = flood(client, clients, kinds, () => stopping);
  // Let the flood reach its pace before measuring under it.
  await normalPosts(client, `${tag}-ramp`, 1000);
  const meter = server ? new Meter(server) : null;
  meter?.edge('open');
  const t0 = performance.now();
  const before = attack.result().sent;
  const posts = await normalPosts(client, tag, durationMs);
  const sent = attack.result().sent - before;
  const seconds = (performance.now() - t0) / 1000;
  meter?.edge('close');
  stopping = true;
  await attack.done;
  return { posts, attack: { ...attack.result(), perSec: round(sent / seconds, 1) }, resources: meter?.result() };
}

export async function hostile(): Promise<HostileReport> {
  const clients = session.options.hostileClients;
  const durationMs = session.options.durationS * 1000;
  const runs: HostileRun[] = [];
  for (let repeat = 1; repeat <= session.options.repeat; repeat++) {
    for (const service of session.services) {
      session.serviceDir = service.dir;
      session.nodeFlags = service.nodeFlags;
      const database = await freshDatabase(session.options.dbs[0], 0);
      await waitForQuietMachine();
      const server = await startService(database, { label: `hostile-${service.name}-${repeat}`.replace(/[^a-z0-9]+/gi, '-') });
      const client = new HttpClient(session.options.port);
      const tag = `${runTag}-${repeat}-${randomUUID().slice(0, 8)}`.toLowerCase();
      try {
        log(`[${repeat}] ${service.name}: warm-up ${session.options.warmupS} s, idle ${session.options.durationS} s, then ${clients} hostile clients`);
        await normalPosts(client, `${tag}-warm`, session.options.warmupS * 1000);
        const idle = await normalPosts(client, `${tag}-idle`, durationMs);
        const smallFlood = await underFlood(client, clients, SMALL_INVALID, `${tag}-small`, durationMs);
        const hostileFlood = await underFlood(client, clients, Object.values(HOSTILE_BODIES), `${tag}-flood`, durationMs, server);
        const underFloodPosts = hostileFlood.posts;
        const ratio = (posts: NormalPosts) => (idle.latencyMs.p50 && posts.latencyMs.p50 ? round(posts.latencyMs.p50 / idle.latencyMs.p50, 2) : null);
        const p50Ratio = ratio(underFloodPosts);
        const run: HostileRun = {
          repeat,
          service: service.name,
          idle,
          smallFlood: smallFlood.posts,
          smallP50Ratio: ratio(smallFlood.posts),
          flood: underFloodPosts,
          p50Ratio,
          hostile: hostileFlood.attack,
          resources: hostileFlood.resources!,
        };
        log(
          `[${repeat}] ${service.name}: POST p50 idle ${idle.latencyMs.p50} ms, under ${clients} clients of small 400s ${smallFlood.posts.latencyMs.p50} ms (${run.smallP50Ratio}x), ` +
            `of hostile bodies ${underFloodPosts.latencyMs.p50} ms (${p50Ratio}x); ` +
            `${run.hostile.perSec} hostile bodies/s answered ${JSON.stringify(run.hostile.byStatus)}, ${run.hostile.meanAnswerBytes} B each; server CPU ${run.resources.serverCpuPct}%`,
        );
        runs.push(run);
      } finally {
        client.close();
        await server.stop();
        await database.drop();
      }
    }
  }
  const medians = session.services.map(({ name }) => {
    const mine = runs.filter((r) => r.service === name);
    return {
      service: name,
      idleP50: median(mine.map((r) => r.idle.latencyMs.p50)),
      smallFloodP50: median(mine.map((r) => r.smallFlood.latencyMs.p50)),
      smallP50Ratio: median(mine.map((r) => r.smallP50Ratio)),
      floodP50: median(mine.map((r) => r.flood.latencyMs.p50)),
      p50Ratio: median(mine.map((r) => r.p50Ratio)),
      floodP99: median(mine.map((r) => r.flood.latencyMs.p99)),
      hostilePerSec: median(mine.map((r) => r.hostile.perSec)),
      serverCpuPct: median(mine.map((r) => r.resources.serverCpuPct)),
    };
  });
  return { scenario: 'hostile', clients, runs, medians };
}
