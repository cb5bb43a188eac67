/** CPU and memory of the server, the load driver and the rest of the machine over a measured window. */
import { cpus } from 'node:os';
import { sleep } from './http.js';
import { machineCpu, type ServerProcess } from './server.js';
import { log, session } from './session.js';
import { round } from './stats.js';

/** On a shared 2-core machine, someone else's test run would be measured too: wait until it is over. */
export async function waitForQuietMachine(): Promise<void> {
  if (!session.options.waitQuiet) return;
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

export interface ResourceUse {
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
export class Meter {
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
