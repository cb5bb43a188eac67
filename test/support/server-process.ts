import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { bearer, FAST } from './test-app.js';

const MAIN = resolve(import.meta.dirname, '../../dist/main.js');

/**
 * The built server (`npm run build`) as a real child process, to kill with real signals. It
 * has the test keys (and no rate limit) unless `env` says otherwise; `http` sends the admin key.
 */
export interface ServerProcess {
  url: string;
  http: TestAgent;
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

export async function startServer(env: Record<string, string>, logFile: string): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, API_KEYS: FAST.API_KEYS, RATE_LIMIT_PER_MINUTE: '0', ...env, PORT: String(port), NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(logFile, { flags: 'a' });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  const url = `http://127.0.0.1:${port}`;
  const server: ServerProcess = {
    url,
    http: request.agent(url).set('Authorization', bearer('admin')),
    child,
    exited,
    kill: (signal) => {
      child.kill(signal);
      return exited;
    },
  };
  await waitUntilServing(server, 20_000);
  return server;
}

/**
 * Runs the built server expecting it to stop by itself (a refused start): its exit and
 * everything it printed. Fails when it is still running after `timeoutMs`.
 */
export async function runUntilExit(env: Record<string, string>, timeoutMs = 20_000): Promise<{ code: number | null; output: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], { env: { ...process.env, ...env, PORT: String(port), NODE_ENV: 'production' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((done) => child.once('close', (exitCode) => done(exitCode)));
  clearTimeout(timer);
  return { code, output };
}

async function waitUntilServing(server: ServerProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitedEarly = false;
  void server.exited.then(() => (exitedEarly = true));
  for (;;) {
    if (exitedEarly) throw new Error('server exited before it served');
    try {
      const response = await fetch(`${server.url}/sagas?limit=1`, { headers: { authorization: bearer('admin') } });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server not serving after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
