import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { TransactionBatcher } from './transaction-batcher.js';
import { UnitOfWork } from './unit-of-work.js';

@Entity('notes')
class Note {
  @PrimaryColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar' })
  text: string;
}

/** The UnitOfWork on a real SQLite file, the way the service opens it. */
describe('UnitOfWork on SQLite', () => {
  let folder: string;
  let path: string;
  let dataSource: DataSource;
  let uow: UnitOfWork;

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'uow-'));
    path = join(folder, 'test.db');
    dataSource = await new DataSource({ type: 'better-sqlite3', database: path, enableWAL: true, entities: [Note], synchronize: true }).initialize();
    uow = new UnitOfWork(dataSource);
  });
  afterEach(async () => {
    await uow.onApplicationShutdown();
    await dataSource.destroy();
    rmSync(folder, { recursive: true, force: true });
  });

  /** What another process would see in the file: committed rows only. */
  const committedIds = () => {
    const db = new Database(path, { readonly: true });
    try {
      return (db.prepare('SELECT id FROM notes ORDER BY id').all() as Array<{ id: number }>).map((r) => r.id);
    } finally {
      db.close();
    }
  };

  it('commits 500 overlapping transactions without losing one', async () => {
    await Promise.all(
      Array.from({ length: 500 }, (_, id) =>
        uow.transaction(async (m) => {
          await m.insert(Note, { id, text: 'first' });
          await m.update(Note, { id }, { text: 'second' });
        }),
      ),
    );
    expect(committedIds()).toHaveLength(500);
    expect(await uow.read((m) => m.countBy(Note, { text: 'second' }))).toBe(500);
  });

  it('undoes only the failing transaction of a batch, all of its writes', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, id) =>
        uow.transaction(async (m) => {
          await m.insert(Note, { id, text: 'x' });
          if (id % 10 === 3) throw new Error(`job ${id} fails after writing`);
          return id;
        }),
      ),
    );
    const failed = results.filter((r) => r.status === 'rejected');
    expect(failed).toHaveLength(5);
    expect(committedIds()).toEqual(Array.from({ length: 50 }, (_, id) => id).filter((id) => id % 10 !== 3));
  });

  it('splits a batch around a job that fails on what the jobs before it wrote, and commits every other job', async () => {
    // Jobs 0-9 all try id 1 (only the first can win), 10-19 write ids of their own.
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, job) =>
        uow.transaction(async (m) => {
          await m.insert(Note, { id: job < 10 ? 1 : job, text: `job ${job}` });
          return job;
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([...['fulfilled'], ...Array(9).fill('rejected'), ...Array(10).fill('fulfilled')]);
    expect(committedIds()).toEqual([1, ...Array.from({ length: 10 }, (_, i) => 10 + i)]);
    expect(await uow.read((m) => m.findOneBy(Note, { id: 1 }))).toEqual({ id: 1, text: 'job 0' });
  });

  it('runs the jobs of a failed batch again from scratch, so each commits its writes exactly once', async () => {
    const runs = new Map<number, number>();
    await Promise.allSettled(
      Array.from({ length: 30 }, (_, id) =>
        uow.transaction(async (m) => {
          runs.set(id, (runs.get(id) ?? 0) + 1);
          const count = await m.countBy(Note, {});
          await m.insert(Note, { id, text: `saw ${count}` });
          if (id === 15) throw new Error('job 15 fails');
        }),
      ),
    );
    expect(committedIds()).toEqual(Array.from({ length: 30 }, (_, id) => id).filter((id) => id !== 15));
    // A re-run saw the database without its own rolled-back write: every count is that of the rows committed before it.
    const notes = await uow.read((m) => m.find(Note, { order: { id: 'ASC' } }));
    notes.forEach((note, i) => expect(note.text).toBe(`saw ${i}`));
    expect(Math.max(...runs.values())).toBeGreaterThan(1);
  });

  it('settles a transaction only once it is committed and visible to other connections', async () => {
    const seenAtResolve: number[][] = [];
    await Promise.all(
      Array.from({ length: 20 }, (_, id) =>
        uow.transaction((m) => m.insert(Note, { id, text: 'x' })).then(() => seenAtResolve.push(committedIds())),
      ),
    );
    seenAtResolve.forEach((ids, i) => expect(ids.length).toBeGreaterThanOrEqual(i + 1));
  });

  it('reports a batch that stalls, as a transaction opened from inside another does', async () => {
    const stalls: number[] = [];
    const batcher = new TransactionBatcher((work) => dataSource.transaction(work), { maxBatch: 10, stallAfterMs: 50, onStall: (ms) => stalls.push(ms) });
    await batcher.run((m) => m.insert(Note, { id: 1, text: 'quick' }));
    // The outer work waits for an inner transaction that is queued behind the outer one's batch.
    void batcher.run(async (m) => {
      await m.insert(Note, { id: 2, text: 'outer' });
      await batcher.run((inner) => inner.insert(Note, { id: 3, text: 'inner' }));
    });
    await new Promise((r) => setTimeout(r, 150));
    expect(stalls).toEqual([50]);
  });

  it('reads committed data only, never a batch still open', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const writing = uow.transaction(async (m) => {
      await m.insert(Note, { id: 7, text: 'uncommitted' });
      await gate;
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(await uow.read((m) => m.countBy(Note, {}))).toBe(0);
    release();
    await writing;
    expect(await uow.read((m) => m.countBy(Note, {}))).toBe(1);
  });
});
