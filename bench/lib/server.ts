import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { HOST, HttpClient, sleep } from './http.js';

/** Linux clock ticks per second for /proc/<pid>/stat (USER_HZ, 100 on every Linux we run on). */
const CLK_TCK = 100;

export interface ServerOptions {
  label: string;
  script: string;
  port: number;
  env: Record<string, string>;
  logFile: string;
  /** Directory for `node --cpu-prof`; none: no profile. */
  cpuProfDir?: string;
  /** Working directory (default: the harness's). */
  cwd?: string;
  /** More node options, before the script. */
  nodeArgs?: string[];
  /** How often VmRSS is sampled. */
  sampleMs?: number;
}

export interface RssSample {
  at: number;
  rssMiB: number;
}

export interface CpuTimes {
  /** Process CPU seconds (all threads). */
  process: number;
  /** CPU seconds of the main (JavaScript) thread. */
  mainThread: number;
}

/** A child process of the harness: the service, the trivial app or a peer. */
export class ServerProcess {
  readonly samples: RssSample[] = [];
  exitCode: number | null = null;
  exitSignal: NodeJS.Signals | null = null;
  private readonly exited: Promise<void>;
  private readonly sampler: NodeJS.Timeout;
  readonly startedAt = performance.now();

  private constructor(
    readonly options: ServerOptions,
    readonly child: ChildProcess,
  ) {
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitCode = code;
        this.exitSignal = signal;
        clearInterval(this.sampler);
        resolve();
      });
    });
    this.sampler = setInterval(() => this.sample(), options.sampleMs ?? 500);
    this.sampler.unref();
  }

  /** Spawns the process and resolves once `readyPath` answers 200 (or anything, with `anyStatus`). */
  static async start(options: ServerOptions, readyPath = '/health', readyTimeoutMs = 60_000, anyStatus = false): Promise<ServerProcess> {
    // Else the readiness check would be answered by whatever holds the port (another bench on the shared machine).
    if (await portAnswers(options.port)) throw new Error(`port ${options.port} is already in use (another bench run?): pick other ports with --port P (P, P+1 and P+2 are used)`);
    const log = openSync(options.logFile, 'a');
    const args = [...(options.nodeArgs ?? []), ...(options.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProfDir] : []), options.script];
    const child = spawn(process.execPath, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env, PORT: String(options.port) },
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    const server = new ServerProcess(options, child);
    await server.waitReady(readyPath, readyTimeoutMs, anyStatus);
    return server;
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.exitCode === null && this.exitSignal === null;
  }

  /** Resolves once `path` answers 200 (any status with `anyStatus`); throws with the log's tail if the process dies or it takes too long. */
  async waitReady(path: string, timeoutMs: number, anyStatus = false): Promise<number> {
    const client = new HttpClient(this.options.port);
    const deadline = performance.now() + timeoutMs;
    try {
      while (performance.now() < deadline) {
        if (!this.running) throw new Error(`${this.options.label} exited (${this.exitCode ?? this.exitSignal}) before serving:\n${this.logTail()}`);
        try {
          const { status } = await client.request('GET', path);
          if (status === 200 || (anyStatus && status > 0)) return performance.now() - this.startedAt;
        } catch {
          // not listening yet
        }
        await sleep(20);
      }
    } finally {
      client.close();
    }
    throw new Error(`${this.options.label} did not answer ${path} within ${timeoutMs} ms:\n${this.logTail()}`);
  }

  logTail(lines = 20): string {
    try {
      return readFileSync(this.options.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  sample(): RssSample | null {
    const status = this.procStatus();
    if (!status) return null;
    const sample = { at: performance.now(), rssMiB: status.VmRSS / 1024 };
    this.samples.push(sample);
    return sample;
  }

  /** VmRSS, VmHWM (peak RSS) in KiB, from /proc/<pid>/status. */
  procStatus(): { VmRSS: number; VmHWM: number } | null {
    try {
      const text = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN);
      return { VmRSS: kib('VmRSS'), VmHWM: kib('VmHWM') };
    } catch {
      return null;
    }
  }

  cpuTimes(): CpuTimes | null {
    try {
      return { process: ticks(`/proc/${this.pid}/stat`), mainThread: ticks(`/proc/${this.pid}/task/${this.pid}/stat`) };
    } catch {
      return null;
    }
  }

  threadCount(): number {
    try {
      return readdirSync(`/proc/${this.pid}/task`).length;
    } catch {
      return 0;
    }
  }

  /** SIGTERM (the service drains and exits 0), SIGKILL after `graceMs`. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 15_000): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> {
    const t0 = performance.now();
    if (this.running) {
      this.child.kill(signal);
      const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
      await this.exited;
      clearTimeout(timer);
    }
    return { code: this.exitCode, signal: this.exitSignal, ms: performance.now() - t0 };
  }

  /** SIGKILL, as a crash. */
  async kill(): Promise<void> {
    if (this.running) this.child.kill('SIGKILL');
    await this.exited;
  }
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: HOST, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function ticks(statPath: string): number {
  const text = readFileSync(statPath, 'utf8');
  // Fields after the command name, which is in parentheses and may contain spaces.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of stat, i.e. 12 and 13 after the name.
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

/** Busy and total jiffies of the whole machine, from /proc/stat. */
export function machineCpu(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = values[3] + (values[4] ?? 0);
  const total = values.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

export function cpuProfiles(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => name.endsWith('.cpuprofile'))
      .map((name) => join(dir, name));
  } catch {
    return [];
  }
}
