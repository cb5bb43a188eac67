/** The builds under test (the work tree, a commit, or an existing dist/) and starting one of them. */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Database } from './databases.js';
import { BENCH_SECRET } from './http.js';
import { ServerProcess } from './server.js';
import { log, ROOT, session } from './session.js';

export interface Service {
  name: string;
  dir: string;
  describe: string;
  /** The Node.js flags `npm start` gives the service in that build's package.json. */
  nodeFlags: string[];
}

/**
 * The flags between `node` and `dist/main.js` in a package.json's start script (V8's heap
 * ceiling, say), so each build runs as `npm start` would run it.
 */
export function startFlags(packageJson: string): string[] {
  if (!existsSync(packageJson)) return [];
  const start: string = JSON.parse(readFileSync(packageJson, 'utf8')).scripts?.start ?? '';
  const flags = /^node\s+(.*?)\s*dist\/main\.js/.exec(start)?.[1] ?? '';
  return flags.split(/\s+/).filter((flag) => flag.startsWith('--'));
}

/** Builds what is needed and copies the built service aside, so a rebuild of dist/ during the run cannot pull it away. */
export function prepareServices(): Service[] {
  if (session.options.refs.length) return session.options.refs.map(buildRef);
  return [prepareWorkTree()];
}

/** A commit's src/ built with tsc in dist-bench/ref-<sha>/ (node_modules resolve from the project). */
function buildRef(ref: string): Service {
  const sha = execFileSync('git', ['rev-parse', '--verify', `${ref}^{commit}`], { cwd: ROOT, encoding: 'utf8' }).trim();
  const tree = join(ROOT, 'dist-bench', `ref-${sha.slice(0, 12)}`);
  if (!existsSync(join(tree, 'dist', 'main.js'))) {
    log(`building ${ref} (${sha.slice(0, 12)}) in ${tree}`);
    rmSync(tree, { recursive: true, force: true });
    mkdirSync(tree, { recursive: true });
    const archive = spawnSync('git', ['archive', '--format=tar', sha, 'src', 'tsconfig.json', 'package.json'], { cwd: ROOT, maxBuffer: 1 << 30 });
    if (archive.status !== 0) throw new Error(`git archive failed: ${archive.stderr}`);
    const untar = spawnSync('tar', ['-x', '-C', tree], { input: archive.stdout });
    if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr}`);
    // The service build is plain tsc (nest-cli's builder is tsc with no assets).
    const build = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', join(tree, 'tsconfig.json')], { cwd: tree, stdio: 'inherit' });
    if (build.status !== 0) throw new Error(`building ${ref} failed`);
  }
  return { name: ref, dir: join(tree, 'dist'), describe: `${ref} (${sha.slice(0, 12)})`, nodeFlags: startFlags(join(tree, 'package.json')) };
}

/**
 * The work tree's src/, compiled with tsc (what `nest build` runs: builder tsc, no assets) into
 * dist-bench/worktree/dist, so the bench never deletes or rewrites dist/ under someone else's
 * test run. With --no-build or --service, an existing build is copied aside instead, so a
 * rebuild during the run cannot pull it away.
 */
function prepareWorkTree(): Service {
  const describe = `work tree ${gitDescribe()}`;
  if (!session.options.service && session.options.build) {
    const tree = join(ROOT, 'dist-bench', 'worktree');
    log(`building the work tree's src/ into ${tree}/dist`);
    // From scratch, like nest build (deleteOutDir): no output of a deleted source file survives.
    rmSync(tree, { recursive: true, force: true });
    mkdirSync(tree, { recursive: true });
    cpSync(join(ROOT, 'package.json'), join(tree, 'package.json'));
    const tsc = join(ROOT, 'node_modules', '.bin', 'tsc');
    const build = spawnSync(tsc, ['-p', join(ROOT, 'tsconfig.json'), '--outDir', join(tree, 'dist'), '--tsBuildInfoFile', join(tree, '.tsbuildinfo')], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    if (build.status !== 0) throw new Error('building the service failed');
    return { name: 'work tree', dir: join(tree, 'dist'), describe, nodeFlags: startFlags(join(tree, 'package.json')) };
  }
  const source = session.options.service ? resolve(session.options.service) : join(ROOT, 'dist');
  if (!existsSync(join(source, 'main.js'))) throw new Error(`${source}/main.js not found: build the service (npm run build) or drop --no-build`);
  session.snapshotDir = join(ROOT, 'dist-bench', `service-${process.pid}`);
  rmSync(session.snapshotDir, { recursive: true, force: true });
  cpSync(source, session.snapshotDir, { recursive: true });
  return {
    name: session.options.service ?? 'dist',
    dir: session.snapshotDir,
    describe: session.options.service ? `built service ${session.options.service}` : `dist/ as built (${describe})`,
    nodeFlags: startFlags(join(dirname(source), 'package.json')),
  };
}

function gitDescribe(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: ROOT, encoding: 'utf8' }).trim();
    return dirty ? `${head} + uncommitted changes in src/` : head;
  } catch {
    return 'unknown';
  }
}

export function serviceEnv(database: Database, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: database.url,
    LOG_LEVEL: 'warn',
    API_KEYS: `bench:admin:${BENCH_SECRET}`,
    // The load comes from one address (127.0.0.1) at hundreds of POSTs a second.
    RATE_LIMIT_PER_MINUTE: '0',
    SANDBOX_LATENCY_MS: String(session.options.latencyMs),
    FAULT_INJECTION: session.options.mix || session.options.recovery ? 'on' : 'off',
    // Failing e-mails are retried 3 times; with the default 2 s backoff one such saga would hold a worker for 6 s.
    ...(session.options.mix ? { SAGA_RETRY_BASE_MS: '20' } : {}),
    ...extra,
    ...session.options.env,
  };
}

let serverSeq = 0;
/** Server logs are numbered in start order, so the temp dir lists them as they ran. */
export function serverLogFile(label: string): string {
  return join(session.workDir, `${String(++serverSeq).padStart(2, '0')}-${label}.log`);
}

export function startService(
  database: Database,
  {
    label,
    env = {},
    cpuProfDir,
    countsFile,
    listeningOnly = false,
  }: {
    label: string;
    env?: Record<string, string>;
    cpuProfDir?: string;
    /** Load bench/counting-preload.ts, which writes its counters to this file (and snapshots beside it). */
    countsFile?: string;
    listeningOnly?: boolean;
  },
) {
  return ServerProcess.start(
    {
      label,
      script: join(session.serviceDir, 'main.js'),
      port: session.options.port,
      env: { ...serviceEnv(database, env), ...(countsFile ? { BENCH_COUNTS_FILE: countsFile } : {}) },
      nodeArgs: [...session.nodeFlags, ...session.options.nodeArgs, ...(countsFile ? ['--import', pathToFileURL(join(ROOT, 'dist-bench', 'bench', 'counting-preload.js')).href] : [])],
      logFile: serverLogFile(label),
      cpuProfDir,
    },
    // Any answer (a 404) shows the HTTP server listens; /health also needs the database to answer.
    listeningOnly ? '/bench-listening' : '/health',
    60_000,
    listeningOnly,
  );
}
