import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { dataSourceOptions } from './data-source-options.js';
import { openDatabase } from './open-database.js';
import { UnitOfWork } from './unit-of-work.js';
import { WalCheckpointer } from './wal-checkpointer.js';

const until = async (check: () => boolean, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

/** The checkpoint worker on a real WAL-mode file, against the connection that writes it. */
describe('WalCheckpointer', () => {
  let folder: string;
  let path: string;
  let writer: Database.Database;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'wal-checkpointer-'));
    path = join(folder, 'test.db');
    writer = new Database(path);
    writer.pragma('journal_mode = WAL');
    writer.exec('CREATE TABLE pages (id INTEGER PRIMARY KEY, body BLOB NOT NULL)');
  });
  afterEach(() => {
    if (writer.open) writer.close();
    rmSync(folder, { recursive: true, force: true });
  });

  /** 2,000 transactions of one 4 kB row each: well past the 1,000 pages of an autocheckpoint. */
  const writeMany = () => {
    const insert = writer.prepare('INSERT INTO pages (body) VALUES (?)');
    for (let i = 0; i < 2_000; i++) insert.run(Buffer.alloc(4096, i % 256));
  };
  const fileBytes = () => statSync(path).size;

  it('copies the WAL into the database file from its own thread, with the writer\'s autocheckpoint off', async () => {
    const fallbacks: string[] = [];
    const checkpointer = WalCheckpointer.start(writer, path, (reason) => fallbacks.push(reason));
    await until(() => checkpointer.offloaded);
    // The writer does not checkpoint (autocheckpoint 0), so the rows reach the file only through
    // the worker. (Not shown by the file's size right after the writes: the worker runs beside
    // them, and on a slow machine it has checkpointed some of them by then.)
    expect(writer.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    writeMany();
    await until(() => fileBytes() > 2_000 * 4096);
    await checkpointer.stop();
    expect(writer.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(writer.prepare('SELECT COUNT(*) AS n FROM pages').get()).toEqual({ n: 2_000 });
    expect(fallbacks).toEqual([]);
  });

  it('gives the writer its checkpoints back when the worker cannot checkpoint', async () => {
    const fallbacks: string[] = [];
    writer.pragma('wal_autocheckpoint = 0');
    // The worker opens the file with fileMustExist: a path that is not there fails it.
    const checkpointer = WalCheckpointer.start(writer, join(folder, 'missing.db'), (reason) => fallbacks.push(reason));
    await until(() => fallbacks.length > 0);
    expect(fallbacks[0]).toMatch(/checkpoint worker/);
    expect(checkpointer.offloaded).toBe(false);
    expect(writer.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    // And SQLite checkpoints by itself again, inside the commits.
    writeMany();
    expect(fileBytes()).toBeGreaterThan(1_000 * 4096);
    await checkpointer.stop();
  });

  it("is how the service's UnitOfWork checkpoints its SQLite file", async () => {
    const dataSource = await openDatabase(dataSourceOptions(`sqlite:${join(folder, 'service.db')}`));
    const uow = new UnitOfWork(dataSource);
    try {
      await until(() => uow.checkpointer?.offloaded === true);
    } finally {
      await uow.onApplicationShutdown();
      await dataSource.destroy();
    }
    expect(uow.checkpointer!.offloaded).toBe(false);
  });
});
