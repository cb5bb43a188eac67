import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { assertImmutableFilesWork, whileImmutable } from '../../../test/support/immutable-file.js';
import { DatabaseUnavailableError } from './database-unavailable.error.js';
import { isIdle } from './sqlite-connection.js';
import { UnitOfWork } from './unit-of-work.js';

@Entity('entries')
class Entry {
  @PrimaryColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'text' })
  text: string;
}

/**
 * When the database cannot commit: on a real SQLite file in WAL mode, made unwritable (an
 * immutable WAL file fails the real COMMIT with a disk I/O error) or full (max_page_count).
 */
describe('UnitOfWork when commits fail', () => {
  let folder: string;
  let path: string;
  let dataSource: DataSource;
  let uow: UnitOfWork;

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'uow-failure-'));
    assertImmutableFilesWork(folder);
    path = join(folder, 'test.db');
    dataSource = await new DataSource({ type: 'better-sqlite3', database: path, enableWAL: true, entities: [Entry], synchronize: true }).initialize();
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
      return (db.prepare('SELECT id FROM entries ORDER BY id').all() as Array<{ id: number }>).map((r) => r.id);
    } finally {
      db.close();
    }
  };
  const insert = (ids: number[]) => ids.map((id) => uow.transaction((m) => m.insert(Entry, { id, text: `entry ${id}` }).then(() => id)));

  it('a failing COMMIT fails every job of its batch, leaves no transaction open, and the next batches commit', async () => {
    await Promise.all(insert([1]));
    const during = await whileImmutable(`${path}-wal`, () => Promise.allSettled(insert([2, 3, 4, 5, 6])));
    // Two batches failed (the first job alone, then the four that queued behind it): the second
    // one is the case that used to leave TypeORM inside a savepoint of a dead transaction.
    expect(during.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected', 'rejected']);
    for (const r of during) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(DatabaseUnavailableError);
    expect((during[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'DATABASE.UNAVAILABLE' });
    expect(isIdle(dataSource)).toBe(true);

    expect(await Promise.all(insert([7, 8, 9]))).toEqual([7, 8, 9]);
    expect(await Promise.all(insert([10]))).toEqual([10]);
    expect(committedIds()).toEqual([1, 7, 8, 9, 10]);
    expect(await uow.read((m) => m.count(Entry))).toBe(5);
  });

  it('a write probe fails while commits fail and succeeds again after', async () => {
    await uow.probeWrite();
    await whileImmutable(`${path}-wal`, () => expect(uow.probeWrite()).rejects.toBeInstanceOf(DatabaseUnavailableError));
    await uow.probeWrite();
  });

  it('a full database fails the whole batch at once (no split, no job committed) and commits once it has room', async () => {
    await Promise.all(insert([1]));
    const pages = dataSource.query('PRAGMA page_count') as Promise<Array<{ page_count: number }>>;
    await dataSource.query(`PRAGMA max_page_count = ${(await pages)[0].page_count}`);
    const big = (id: number) => uow.transaction((m) => m.insert(Entry, { id, text: 'x'.repeat(64_000) }).then(() => id));
    const during = await Promise.allSettled([big(2), big(3), big(4)]);
    for (const r of during) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(DatabaseUnavailableError);
    expect(isIdle(dataSource)).toBe(true);
    await dataSource.query('PRAGMA max_page_count = 1073741823');
    expect(await Promise.all([big(5), big(6)])).toEqual([5, 6]);
    expect(committedIds()).toEqual([1, 5, 6]);
  });
});
