import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { Column, DataSource, Entity, type EntityManager, PrimaryColumn } from 'typeorm';
import { EntityTable } from './entity-table.js';
import { epochMs } from './epoch-ms.transformer.js';
import { runSqlRows } from './run-sql.js';
import { isUniqueViolation } from './unique-violation.js';

@Entity('parcels')
class Parcel {
  @PrimaryColumn({ type: 'varchar' })
  id: string;

  @Column({ type: 'varchar', unique: true })
  label: string;

  @Column({ name: 'due_at', type: 'bigint', nullable: true, transformer: epochMs })
  dueAt: number | null;

  @Column({ type: 'simple-json' })
  contents: unknown;
}

/** EntityTable on a real SQLite file, through the transactions TypeORM opens. */
describe('EntityTable on SQLite', () => {
  let folder: string;
  let dataSource: DataSource;
  let parcels: EntityTable<Parcel>;

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'entity-table-'));
    dataSource = await new DataSource({ type: 'better-sqlite3', database: join(folder, 'test.db'), entities: [Parcel], synchronize: true }).initialize();
    parcels = new EntityTable(dataSource, Parcel);
    // Counts the UPDATE statements that name each column (SQLite's UPDATE OF fires on named columns, changed or not).
    await dataSource.query('CREATE TABLE named (col TEXT PRIMARY KEY, times INTEGER NOT NULL)');
    for (const col of ['label', 'due_at', 'contents']) {
      await dataSource.query(`INSERT INTO named VALUES ('${col}', 0)`);
      await dataSource.query(`CREATE TRIGGER named_${col} AFTER UPDATE OF ${col} ON parcels BEGIN UPDATE named SET times = times + 1 WHERE col = '${col}'; END`);
    }
  });
  afterEach(async () => {
    await dataSource.destroy();
    rmSync(folder, { recursive: true, force: true });
  });

  const named = async () => Object.fromEntries((await dataSource.query('SELECT col, times FROM named')).map((r: { col: string; times: number }) => [r.col, r.times]));
  const parcel = (id: string, label: string): Parcel => ({ id, label, dueAt: 1_790_000_000_123, contents: { items: ['book'] } });

  it('reads back what it wrote, transformers and JSON columns included', async () => {
    await dataSource.transaction((m) => parcels.insert(m, [parcel('a', 'first'), parcel('b', 'second')]));
    const [read] = await parcels.select(dataSource.manager, ['label'], ['second']);
    expect(read).toEqual(parcel('b', 'second'));
    expect(await parcels.findOne(dataSource.manager, ['id'], ['missing'])).toBeNull();
  });

  it("hydrates rows of the caller's own statement (columnList) as select does, and they update only what changed", async () => {
    await dataSource.transaction((m) => parcels.insert(m, [parcel('a', 'first'), parcel('b', 'second')]));
    const rows = await runSqlRows(dataSource.manager, `SELECT ${parcels.columnList()} FROM parcels WHERE id IN (?, ?, ?) ORDER BY id`, ['a', 'b', null]);
    const hydrated = parcels.hydrate(rows);
    expect(hydrated).toEqual([parcel('a', 'first'), parcel('b', 'second')]);
    const before = await named();
    hydrated[0].label = 'renamed';
    await dataSource.transaction(async (m) => {
      expect(await parcels.update(m, hydrated[0], ['id'])).toBe(true);
      expect(await parcels.update(m, hydrated[1], ['id'])).toBe(false);
    });
    expect(await named()).toEqual({ ...before, label: before.label + 1 });
  });

  it("hydrates the rows of an aliased column list (columnList('x')) as select does", async () => {
    await dataSource.transaction((m) => parcels.insert(m, [{ ...parcel('a', 'first'), dueAt: 5 }, parcel('b', 'second')]));
    const rows = await runSqlRows(dataSource.manager, `SELECT ${parcels.columnList('x')} FROM ${parcels.tableName} x WHERE x.id = ?`, ['a']);
    expect(parcels.hydrate(rows)).toEqual([{ ...parcel('a', 'first'), dueAt: 5 }]);
  });

  it('stores and reads JSON columns exactly as TypeORM does', async () => {
    const contents = [{ items: [] }, { quote: `it's "x" \\ 🦀`, n: null, deep: [{ a: 1.5 }] }, 'a string', 0, false];
    await dataSource.transaction((m) => parcels.insert(m, contents.map((c, i) => ({ ...parcel(`j${i}`, `json${i}`), contents: c }) as Parcel)));
    for (const [i, c] of contents.entries()) {
      expect((await parcels.findOne(dataSource.manager, ['id'], [`j${i}`]))!.contents).toEqual(c);
      expect((await dataSource.manager.findOneByOrFail(Parcel, { id: `j${i}` })).contents).toEqual(c);
    }
  });

  it('updates only the columns that changed since the row was read, and nothing when none did', async () => {
    await dataSource.transaction((m) => parcels.insert(m, [parcel('a', 'first')]));
    const wrote = await dataSource.transaction(async (m) => {
      const read = (await parcels.findOne(m, ['id'], ['a']))!;
      const unchanged = await parcels.update(m, read, ['id']);
      read.dueAt = 1_790_000_000_999;
      const changed = await parcels.update(m, read, ['id']);
      (read.contents as { items: string[] }).items.push('pen');
      const again = await parcels.update(m, read, ['id']);
      return [unchanged, changed, again];
    });
    expect(wrote).toEqual([false, true, true]);
    expect(await named()).toEqual({ label: 0, due_at: 1, contents: 1 });
    expect(await parcels.findOne(dataSource.manager, ['id'], ['a'])).toEqual({ ...parcel('a', 'first'), dueAt: 1_790_000_000_999, contents: { items: ['book', 'pen'] } });
  });

  it('writes every column of an entity it has not seen', async () => {
    await dataSource.transaction((m) => parcels.insert(m, [parcel('a', 'first')]));
    await dataSource.transaction((m) => parcels.update(m, parcel('a', 'renamed'), ['id']));
    expect(await named()).toEqual({ label: 1, due_at: 1, contents: 1 });
    expect((await parcels.findOne(dataSource.manager, ['id'], ['a']))!.label).toBe('renamed');
  });

  it('changes rows only where its conditions hold, and says how many', async () => {
    await dataSource.transaction((m) => parcels.insert(m, [parcel('a', 'first'), parcel('b', 'second')]));
    const counts = await dataSource.transaction(async (m) => [
      await parcels.updateWhere(m, { id: 'a', dueAt: 1_790_000_000_123 }, { label: 'moved', dueAt: 1_790_000_000_456 }),
      // The condition no longer holds: nothing changes.
      await parcels.updateWhere(m, { id: 'a', dueAt: 1_790_000_000_123 }, { label: 'again' }),
      await parcels.updateWhere(m, { label: 'second' }, { dueAt: null }),
      // A JSON condition compares the stored text: both rows hold the same contents.
      await parcels.updateWhere(m, { contents: { items: ['book'] } }, { contents: { items: [] } }),
    ]);
    expect(counts).toEqual([1, 0, 1, 2]);
    expect(await parcels.findOne(dataSource.manager, ['id'], ['a'])).toEqual({ ...parcel('a', 'moved'), dueAt: 1_790_000_000_456, contents: { items: [] } });
    expect((await parcels.findOne(dataSource.manager, ['id'], ['b']))!.dueAt).toBeNull();
  });

  it('rolls back with the transaction it ran in', async () => {
    await expect(
      dataSource.transaction(async (m) => {
        await parcels.insert(m, [parcel('a', 'first')]);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await dataSource.query('SELECT COUNT(*) AS n FROM parcels')).toEqual([{ n: 0 }]);
  });

  it('reports a unique violation the way TypeORM does', async () => {
    await dataSource.transaction((m) => parcels.insert(m, [parcel('a', 'first')]));
    const error = await dataSource.transaction((m) => parcels.insert(m, [parcel('b', 'first')])).catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
  });

  it('refuses a manager whose transaction has ended instead of writing outside it', async () => {
    let ended!: EntityManager;
    await dataSource.transaction(async (m) => {
      ended = m;
    });
    await expect(parcels.insert(ended, [parcel('a', 'first')])).rejects.toThrow(/transaction of this EntityManager has ended/);
    expect(await dataSource.query('SELECT COUNT(*) AS n FROM parcels')).toEqual([{ n: 0 }]);
  });
});
