import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';

/** How often the worker copies the WAL into the database file. */
const CHECKPOINT_EVERY_MS = 200;

/** SQLite's own default, restored whenever the worker is not there to do it. */
const SQLITE_AUTOCHECKPOINT_PAGES = 1000;

/**
 * The worker's code: its own connection to the file, a PASSIVE checkpoint every `every` ms.
 * PASSIVE never waits for a lock and never blocks the writer: it copies the frames no reader
 * still needs, and SQLite starts the WAL over at the next write once all were copied. Any
 * failure is posted and ends the worker; the main thread then falls back to autocheckpoint.
 * Inline (`eval`), so it runs the same from the build and from the TypeScript sources in tests.
 */
const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true, timeout: 0 });
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    parentPort.postMessage({ failed: String(error && error.message || error) });
    clearInterval(timer);
    db.close();
    return false;
  }
  return true;
};
const timer = setInterval(checkpoint, workerData.every);
if (checkpoint()) parentPort.postMessage({ ready: true });
`;

/**
 * Moves SQLite's WAL checkpoints off the JavaScript thread. By default the connection that
 * commits the transaction crossing 1,000 WAL pages copies the WAL into the database file and
 * fsyncs it, synchronously, inside that COMMIT: the one thread serving every request stood still
 * for tens of milliseconds each time, and every saga waiting on the write queue with it
 * (measured at 250 registrations/s: p50 208 → 59 ms, p99 1,246 → 267 ms with checkpoints gone from
 * the main thread). So a worker thread with its own connection checkpoints every 200 ms, and the
 * writer's autocheckpoint is off, only while that worker runs: if it fails to start or a
 * checkpoint fails, the writer checkpoints by itself again, as SQLite does by default.
 *
 * Durability is unchanged: a commit is in the WAL (synchronous=NORMAL) whoever copies it later,
 * and a process killed mid-checkpoint leaves a WAL that the next open replays.
 */
export class WalCheckpointer {
  private worker: Worker | null;
  private stopped = false;

  private constructor(
    private readonly writer: BetterSqlite3.Database,
    path: string,
    private readonly onFallback: (reason: string) => void,
  ) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_CODE, { eval: true, workerData: { driver, path, every: CHECKPOINT_EVERY_MS } });
    // The worker alone must not keep the process alive.
    this.worker.unref();
    this.worker.on('message', (message: { ready?: true; failed?: string }) => {
      if (message.ready && !this.stopped) this.writer.pragma('wal_autocheckpoint = 0');
      if (message.failed) this.fallBack(`a checkpoint failed: ${message.failed}`);
    });
    this.worker.on('error', (error) => this.fallBack(`the checkpoint worker failed: ${error.message}`));
    this.worker.on('exit', (code) => this.fallBack(`the checkpoint worker exited (code ${code})`));
  }

  /** Starts checkpointing `path` in a worker for `writer`, the connection that commits to it. */
  static start(writer: BetterSqlite3.Database, path: string, onFallback: (reason: string) => void): WalCheckpointer {
    return new WalCheckpointer(writer, path, onFallback);
  }

  /** Whether the writer has handed its checkpoints to the worker. */
  get offloaded(): boolean {
    return this.worker !== null && (this.writer.pragma('wal_autocheckpoint', { simple: true }) as number) === 0;
  }

  /** Stops the worker and gives the writer its checkpoints back (its close checkpoints the rest). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.restoreAutocheckpoint();
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  private fallBack(reason: string): void {
    if (this.stopped || this.worker === null) return;
    this.worker = null;
    this.restoreAutocheckpoint();
    this.onFallback(reason);
  }

  private restoreAutocheckpoint(): void {
    if (this.writer.open) this.writer.pragma(`wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT_PAGES}`);
  }
}
