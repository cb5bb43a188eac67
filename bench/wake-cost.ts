/**
 * What one request costs a bare Node.js HTTP server at different loads, on this machine: CPU
 * time of the server's thread per request, read exactly from the kernel's scheduler statistics
 * (`/proc/<pid>/task/<pid>/schedstat`), under an open loop at each rate and then a closed loop.
 * On a machine whose cores run slower after idling, the same work costs more at a low rate: the
 * reason the service's thread is nearly saturated at half its maximum rate (BENCHMARKS.md,
 * "what half the rate costs here").
 *
 *   npx tsc -p tsconfig.bench.json && node dist-bench/bench/wake-cost.js [rates, default 100,500,0] [seconds, default 6]
 *
 * Rate 0 is the closed loop (32 connections, each sending again at once).
 */
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

if (process.argv[2] === '--serve') {
  // The server: answers every request at once, nothing else.
  const server = createServer((_req, res) => res.end('ok')).listen(0, '127.0.0.1', () => process.send!((server.address() as AddressInfo).port));
} else {
  const rates = (process.argv[2] ?? '100,500,0').split(',').map(Number);
  const seconds = Number(process.argv[3] ?? 6);
  const child = fork(fileURLToPath(import.meta.url), ['--serve']);
  const port = await new Promise<number>((resolve) => child.once('message', (m) => resolve(m as number)));
  const cpuNs = () => Number(readFileSync(`/proc/${child.pid}/task/${child.pid}/schedstat`, 'utf8').split(' ')[0]);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  for (const rate of rates) {
    let done = 0;
    let stop = false;
    const one = (again: boolean) =>
      request({ host: '127.0.0.1', port, path: '/', agent }, (res) => {
        res.resume();
        res.on('end', () => {
          done++;
          if (again && !stop) one(true);
        });
      }).end();
    const before = cpuNs();
    const start = performance.now();
    let timer: NodeJS.Timeout | undefined;
    if (rate === 0) for (let i = 0; i < 32; i++) one(true);
    else {
      let sent = 0;
      timer = setInterval(() => {
        for (const due = Math.floor(((performance.now() - start) * rate) / 1000); sent < due; sent++) one(false);
      }, 2);
    }
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    stop = true;
    clearInterval(timer);
    const cpu = cpuNs() - before;
    await new Promise((resolve) => setTimeout(resolve, 300));
    const label = rate === 0 ? 'closed loop' : `${rate} req/s`;
    console.log(`${label.padEnd(12)} ${String(Math.round(done / seconds)).padStart(6)} req/s answered, ${String(Math.round(cpu / 1000 / done)).padStart(5)} µs of server CPU per request`);
  }
  agent.destroy();
  child.kill();
}
