import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { DatabaseUnavailableError } from './database-unavailable.error.js';

/** Another process serves this SQLite file: this one must not start. */
export class DatabaseFileInUseError extends Error {
  constructor(readonly path: string) {
    super(`Another process serves the SQLite file ${path} (its lock ${path}.lock is held); refusing to start`);
    this.name = 'DatabaseFileInUseError';
  }
}

/**
 * The SQLite file this process serves: held exclusively for the life of the app, and watched
 * for being removed or replaced under it.
 *
 * The lock is a second SQLite file, `<db>.lock`, held in exclusive locking mode by a write, so
 * it rests on the same POSIX file locks SQLite itself trusts: the kernel drops them when the
 * holder dies (SIGKILL included), SQLite also honours them between connections of one process
 * (an app closed and another opened on the same file in one test process), and a second
 * opener with a zero busy timeout is refused at once. The database file itself cannot be locked
 * that way: exclusive locking mode on it would shut out the read connection (UnitOfWork).
 */
export class DatabaseFile {
  private identity: { dev: number; ino: number } | null = null;

  private constructor(
    readonly path: string,
    private lock: Database.Database | null,
  ) {}

  /** Takes the file's lock; throws DatabaseFileInUseError when another connection holds it. */
  static claim(path: string): DatabaseFile {
    const lock = new Database(`${path}.lock`, { timeout: 0 });
    try {
      lock.pragma('locking_mode = EXCLUSIVE');
      lock.exec('BEGIN EXCLUSIVE');
      lock.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL)');
      lock.exec('DELETE FROM holder');
      lock.prepare('INSERT INTO holder (pid) VALUES (?)').run(process.pid);
      lock.exec('COMMIT');
    } catch (error) {
      lock.close();
      if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY')) throw new DatabaseFileInUseError(path);
      throw error;
    }
    return new DatabaseFile(path, lock);
  }

  /** Remembers which file the path names now, once the database has opened it. */
  recordOpened(): void {
    const { dev, ino } = statSync(this.path);
    this.identity = { dev, ino };
  }

  /** Why the path no longer names the file that was opened, or null while it does. */
  problem(): string | null {
    if (!this.identity) return null;
    const now = statSync(this.path, { throwIfNoEntry: false });
    if (!now) return `${this.path} was removed while in use`;
    if (now.dev !== this.identity.dev || now.ino !== this.identity.ino) return `${this.path} was replaced by another file while in use`;
    return null;
  }

  /** Throws DatabaseUnavailableError when the file was removed or replaced: a commit would be lost. */
  assertInPlace(): void {
    const problem = this.problem();
    if (problem) throw new DatabaseUnavailableError(new Error(problem));
  }

  release(): void {
    this.lock?.close();
    this.lock = null;
  }
}
