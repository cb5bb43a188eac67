import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileRow {
  name: string;
  where: string;
  selfMs: number;
  /** Share of the non-idle time. */
  percent: number;
}

export interface ProfileSummary {
  file: string;
  totalMs: number;
  idleMs: number;
  busyMs: number;
  top: ProfileRow[];
  /** Self time by origin: a package under node_modules, node's internals, the service's code, GC, ... */
  byOrigin: Array<{ origin: string; selfMs: number; percent: number }>;
}

/** Self time per function from a V8 .cpuprofile (what `node --cpu-prof` writes). */
export function summarizeProfile(file: string, topN = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  // timeDeltas[i] is the time between sample i-1 and sample i; it is spent in sample i-1's frame.
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i + 1] ?? 0;
    selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + Math.max(0, delta));
  }
  const byFunction = new Map<string, { name: string; where: string; us: number }>();
  const byOrigin = new Map<string, number>();
  let totalUs = 0;
  let idleUs = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)!.callFrame;
    totalUs += us;
    if (frame.functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    const where = frame.url ? `${shortUrl(frame.url)}:${frame.lineNumber + 1}` : '';
    const name = frame.functionName || '(anonymous)';
    const key = `${name} ${where}`;
    const entry = byFunction.get(key) ?? { name, where, us: 0 };
    entry.us += us;
    byFunction.set(key, entry);
    const origin = originOf(frame);
    byOrigin.set(origin, (byOrigin.get(origin) ?? 0) + us);
  }
  const busyUs = totalUs - idleUs;
  const pct = (us: number) => Math.round((1000 * us) / Math.max(1, busyUs)) / 10;
  return {
    file,
    totalMs: Math.round(totalUs / 1000),
    idleMs: Math.round(idleUs / 1000),
    busyMs: Math.round(busyUs / 1000),
    top: [...byFunction.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, topN)
      .map((e) => ({ name: e.name, where: e.where, selfMs: Math.round(e.us / 1000), percent: pct(e.us) })),
    byOrigin: [...byOrigin.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([origin, us]) => ({ origin, selfMs: Math.round(us / 1000), percent: pct(us) })),
  };
}

function shortUrl(url: string): string {
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) return url.slice(modules + '/node_modules/'.length);
  const marker = ['/dist-bench/service/', '/dist/'].find((m) => url.includes(m));
  if (marker) return `service/${url.slice(url.indexOf(marker) + marker.length)}`;
  return url.replace(/^file:\/\//, '');
}

function originOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + '/node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return 'node: (internals)';
  if (url.includes('/dist-bench/service/') || url.includes('/dist/')) {
    const rel = url.slice(url.indexOf(url.includes('/dist-bench/service/') ? '/dist-bench/service/' : '/dist/')).split('/');
    return `service: ${rel[rel.indexOf('service') >= 0 ? rel.indexOf('service') + 1 : rel.indexOf('dist') + 1]}/`;
  }
  return url;
}
