/**
 * What one `npm run bench` invocation shares across its modules: the project root, the run's tag,
 * the stderr log, and the state main() sets up before any scenario runs (the options, the temp
 * dir, the builds under test). The state is one mutable object rather than module-level `let`s,
 * since an ES module cannot assign another module's exports.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Options } from './options.js';
import { type Service } from './services.js';

/** The project root: this file runs as dist-bench/bench/lib/session.js. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Names this run's result file, e-mails, idempotency keys and PostgreSQL databases. */
export const runTag = `${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '_')}_${process.pid}`;

export const log = (line: string) => process.stderr.write(`${line}\n`);

export const session: {
  options: Options;
  /** The temp dir: SQLite files, server logs, profiles. */
  workDir: string;
  services: Service[];
  /** The service the next start runs, and the Node.js flags it runs with. */
  serviceDir: string;
  nodeFlags: string[];
  /** A copy of dist/ (or --service) made for this run, removed at the end. */
  snapshotDir: string | null;
} = {
  // Set by main() from the command line before anything reads it.
  options: undefined as unknown as Options,
  workDir: '',
  services: [],
  serviceDir: '',
  nodeFlags: [],
  snapshotDir: null,
};
