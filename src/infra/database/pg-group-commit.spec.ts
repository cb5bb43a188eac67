import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { admin, databaseUrl } from '../../../test/support/postgres-admin.js';
import { recordSentQueries } from '../../../test/support/pg-sent-queries.js';
import { EntityTable } from './entity-table.js';
import { UnitOfWork } from './unit-of-work.js';
import { isUniqueViolation } from './unique-violation.js';

@Entity('counters')
class Counter {
  @PrimaryColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  n: number;
}

/** Group commit on PostgreSQL: two "instances" (DataSources with their own UnitOfWork) on one database. */
describe('UnitOfWork group commit on PostgreSQL', () => {
  const name = `groupcommit_${randomBytes(6).toString('hex')}`;
  const instances: Array<{ dataSource: DataSource; uow: UnitOfWork; table: EntityTable<Counter> }> = [];
  const sent: string[] = [];

  beforeAll(async () => {
    await admin(`CREATE DATABASE ${name}`);
    for (let i = 0; i < 2; i++) {
      const dataSource = await new DataSource({ type: 'postgres', url: databaseUrl(name), poolSize: 4, entities: [Counter], synchronize: i === 0, extra: { pipeline: true } }).initialize();
      recordSentQueries(dataSource, sent);
      instances.push({ dataSource, uow: new UnitOfWork(dataSource), table: new EntityTable(dataSource, Counter) });
    }
  });
  afterAll(async () => {
    for (const { dataSource } of instances) await dataSource.destroy();
    await admin(`DROP DATABASE ${name}`);
  });
  beforeEach(async () => {
    await instances[0].dataSource.query('TRUNCATE counters');
    sent.length = 0;
  });

  const counters = () => instances[0].dataSource.query('SELECT id, n FROM counters ORDER BY id');

  it('commits many overlapping transactions in few commits', async () => {
    const { uow, table } = instances[0];
    await Promise.all(Array.from({ length: 60 }, (_, id) => uow.transaction((m) => table.insert(m, [{ id, n: 0 }]))));
    expect(await counters()).toHaveLength(60);
    const commits = sent.filter((text) => text.endsWith('COMMIT')).length;
    expect(commits).toBeGreaterThan(0);
    expect(commits).toBeLessThan(60);
  });

  it('commits a transaction apart from the batches: one still open never holds them up', async () => {
    const { uow, table } = instances[0];
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    // Open until released, as the webhook worker's statements were slow: joined to a batch, the
    // batched transaction below would wait for it, and it for that one (the test times out).
    const apart = uow.transactionApart(async (m) => {
      await table.insert(m, [{ id: 1, n: 0 }], { immediate: true });
      await held;
    });
    await uow.transaction((m) => table.insert(m, [{ id: 2, n: 0 }]));
    order.push('batched');
    release();
    await apart;
    order.push('apart');
    expect(order).toEqual(['batched', 'apart']);
    expect(await counters()).toEqual([{ id: 1, n: 0 }, { id: 2, n: 0 }]);
  });

  it('rejects only the job whose queued write fails, with its own error, and commits the others', async () => {
    const { uow, table } = instances[0];
    await uow.transaction((m) => table.insert(m, [{ id: 7, n: 0 }]));
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, (_, id) => uow.transaction((m) => table.insert(m, [{ id: id === 10 ? 7 : 100 + id, n: 1 }]))));
    const rejected = outcomes.flatMap((o, i) => (o.status === 'rejected' ? [{ i, unique: isUniqueViolation(o.reason) }] : []));
    expect(rejected).toEqual([{ i: 10, unique: true }]);
    expect(await counters()).toHaveLength(20);
  });

  it('runs again, without losing a job, the batches two instances deadlocked', async () => {
    await instances[0].uow.transaction((m) => instances[0].table.insert(m, [{ id: 1, n: 0 }, { id: 2, n: 0 }]));
    // Each instance's first job locks one row and waits until the other's has locked the other
    // row; its second job then wants the row the other instance holds, in the same batch.
    let locked = 0;
    let bothLocked!: () => void;
    const barrier = new Promise<void>((done) => (bothLocked = done));
    const bump = (instance: number, id: number, wait: boolean) =>
      instances[instance].uow.transaction(async (m) => {
        const [row] = await instances[instance].table.select(m, ['id'], [id], { suffix: 'FOR UPDATE' });
        if (wait) {
          if (++locked === 2) bothLocked();
          await Promise.race([barrier, new Promise((r) => setTimeout(r, 2_000).unref())]);
        }
        row.n += 1;
        await instances[instance].table.update(m, row, ['id']);
      });
    // A batch takes what queued while the one before ran: hold each queue so both jobs join one.
    let open!: () => void;
    const gate = new Promise<void>((done) => (open = done));
    const held = instances.map(({ uow }) => uow.transaction(() => gate));
    const jobs = [bump(0, 1, true), bump(0, 2, false), bump(1, 2, true), bump(1, 1, false)];
    open();
    await Promise.all([...held, ...jobs]);
    // One of the two batches lost the deadlock and was rolled back, then ran again.
    expect(sent.filter((text) => text === 'ROLLBACK').length).toBeGreaterThan(0);
    expect(await counters()).toEqual([
      { id: 1, n: 2 },
      { id: 2, n: 2 },
    ]);
  }, 20_000);
});
