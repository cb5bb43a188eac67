/**
 * The DBOS Transact peer of `--peer dbos[:DIR]`: the same registration saga written as DBOS
 * documents it (DIR/dbos/server.mjs, outside the project), installed once in a temp folder and
 * started on fresh PostgreSQL databases of its own, like ../shared/peers/compare-pg.sh does.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScratchDatabase } from './postgres.js';
import { ServerProcess } from './server.js';
import { serverLogFile } from './services.js';
import { log, runTag } from './session.js';

export interface Peer {
  name: 'dbos';
  /** Where it is installed (its node_modules beside server.mjs). */
  installDir: string;
  describe: string;
}

/**
 * Copies the peer into $TMPDIR/saga-peer-<name> (the folder compare-pg.sh uses, so one install
 * serves both) and runs `npm ci` there when it has no node_modules or its lock file changed.
 */
export function preparePeer(spec: { name: 'dbos'; dir: string }): Peer {
  const source = join(spec.dir, spec.name);
  const installDir = join(process.env.TMPDIR ?? tmpdir(), `saga-peer-${spec.name}`);
  mkdirSync(installDir, { recursive: true });
  const lock = (dir: string) => (existsSync(join(dir, 'package-lock.json')) ? readFileSync(join(dir, 'package-lock.json'), 'utf8') : null);
  const stale = lock(source) !== lock(installDir) || !existsSync(join(installDir, 'node_modules'));
  for (const name of readdirSync(source)) cpSync(join(source, name), join(installDir, name), { recursive: true, force: true });
  if (stale) {
    log(`peer ${spec.name}: npm ci in ${installDir} (once)`);
    const install = spawnSync('npm', [existsSync(join(installDir, 'package-lock.json')) ? 'ci' : 'install', '--no-audit', '--no-fund'], { cwd: installDir, stdio: ['ignore', 'inherit', 'inherit'] });
    if (install.status !== 0) throw new Error(`peer ${spec.name}: npm could not install it in ${installDir} (it needs the npm registry once)`);
  }
  const version = (() => {
    try {
      return JSON.parse(readFileSync(join(installDir, 'node_modules', '@dbos-inc', 'dbos-sdk', 'package.json'), 'utf8')).version as string;
    } catch {
      return '?';
    }
  })();
  return { name: spec.name, installDir, describe: `DBOS Transact ${version} peer (${source})` };
}

let peerSeq = 0;
/** Starts the peer on `port` with an application and a system database of its own (DBOS creates the latter). */
export async function startPeer(peer: Peer, port: number, label: string): Promise<{ server: ServerProcess; drop(): Promise<void> }> {
  const seq = ++peerSeq;
  const app = await createScratchDatabase(`${runTag}_peer${seq}_app`);
  const system = await createScratchDatabase(`${runTag}_peer${seq}_sys`, { create: false });
  try {
    const server = await ServerProcess.start(
      {
        label,
        script: join(peer.installDir, 'server.mjs'),
        cwd: peer.installDir,
        port,
        env: { DATABASE_URL: app.url, DBOS_SYSTEM_DATABASE_URL: system.url, NODE_ENV: 'production' },
        logFile: serverLogFile(label),
      },
      // It listens only once DBOS has launched; any answer (a GET without a body is a 500) will do.
      '/',
      120_000,
      true,
    );
    return {
      server,
      drop: async () => {
        await app.drop();
        await system.drop();
      },
    };
  } catch (error) {
    await app.drop();
    await system.drop();
    throw error;
  }
}
