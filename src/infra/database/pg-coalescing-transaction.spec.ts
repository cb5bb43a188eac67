import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { admin, databaseUrl } from '../../../test/support/postgres-admin.js';
import { recordSentQueries } from '../../../test/support/pg-sent-queries.js';
import { EntityTable } from './entity-table.js';
import { UnitOfWork } from './unit-of-work.js';
import { isUniqueViolation } from './unique-violation.js';

@Entity('notes')
class Note {
  @PrimaryColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'jsonb', nullable: true })
  data: unknown;
}

/** The UnitOfWork's PostgreSQL transactions, counting every statement the pool's clients send. */
describe('CoalescingTransaction on PostgreSQL', () => {
  const name = `coalesce_${randomBytes(6).toString('hex')}`;
  let dataSource: DataSource;
  let uow: UnitOfWork;
  let notes: EntityTable<Note>;
  const sent: string[] = [];

  beforeAll(async () => {
    await admin(`CREATE DATABASE ${name}`);
    dataSource = await new DataSource({ type: 'postgres', url: databaseUrl(name), poolSize: 2, entities: [Note], synchronize: true }).initialize();
    recordSentQueries(dataSource, sent);
    uow = new UnitOfWork(dataSource);
    notes = new EntityTable(dataSource, Note);
  });
  afterAll(async () => {
    await dataSource.destroy();
    await admin(`DROP DATABASE ${name}`);
  });
  beforeEach(async () => {
    await dataSource.query('TRUNCATE notes');
    sent.length = 0;
  });

  const stored = () => dataSource.query('SELECT id, body, data FROM notes ORDER BY id');

  it('sends BEGIN, the queued writes and COMMIT in one round trip', async () => {
    await uow.transaction(async (m) => {
      await notes.insert(m, [{ id: 1, body: 'one', data: null }]);
      await notes.insert(m, [{ id: 2, body: 'two', data: { a: [1] } }]);
      const note = { id: 1, body: 'one', data: null };
      await notes.insert(m, [{ id: 3, body: 'three', data: null }]);
      note.body = 'uno';
      await notes.update(m, note, ['id']);
    });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/^BEGIN;\nINSERT .*;\nINSERT .*;\nINSERT .*;\nUPDATE .*;\nCOMMIT$/s);
    expect(await stored()).toEqual([
      { id: 1, body: 'uno', data: null },
      { id: 2, body: 'two', data: { a: [1] } },
      { id: 3, body: 'three', data: null },
    ]);
  });

  it('sends nothing for a transaction that ran nothing', async () => {
    await uow.transaction(async () => undefined);
    expect(sent).toEqual([]);
  });

  it('keeps order: every statement on the runner goes after what was queued before it', async () => {
    const seen = await uow.transaction(async (m) => {
      await notes.insert(m, [{ id: 1, body: 'queued', data: null }]);
      // TypeORM's own statements (parameterised) and runSql's reads see the queued write.
      await m.update(Note, { id: 1 }, { body: 'typeorm' });
      const viaTypeOrm = await m.findOneByOrFail(Note, { id: 1 });
      await notes.insert(m, [{ id: 2, body: 'second', data: null }]);
      const viaTable = await notes.select(m, ['id'], [2]);
      return { viaTypeOrm: viaTypeOrm.body, viaTable: viaTable.map((n) => n.body) };
    });
    expect(seen).toEqual({ viaTypeOrm: 'typeorm', viaTable: ['second'] });
    // BEGIN+INSERT+UPDATE, the SELECT, INSERT+SELECT, COMMIT.
    expect(sent).toHaveLength(4);
    expect(await stored()).toEqual([
      { id: 1, body: 'typeorm', data: null },
      { id: 2, body: 'second', data: null },
    ]);
  });

  it('reports a queued write that fails as its own error, at the transaction, and keeps none of it', async () => {
    await uow.transaction((m) => notes.insert(m, [{ id: 1, body: 'first', data: null }]));
    const atCommit = await uow
      .transaction(async (m) => {
        await notes.insert(m, [{ id: 2, body: 'kept?', data: null }]);
        await notes.insert(m, [{ id: 1, body: 'duplicate', data: null }]);
      })
      .catch((e: unknown) => e);
    expect(isUniqueViolation(atCommit)).toBe(true);
    const atNextRead = await uow
      .transaction(async (m) => {
        await notes.insert(m, [{ id: 1, body: 'duplicate', data: null }]);
        await notes.select(m, ['id'], [1]);
      })
      .catch((e: unknown) => e);
    expect(isUniqueViolation(atNextRead)).toBe(true);
    const immediate = await uow
      .transaction(async (m) => {
        const error = await notes.insert(m, [{ id: 1, body: 'duplicate', data: null }], { immediate: true }).catch((e: unknown) => e);
        throw error;
      })
      .catch((e: unknown) => e);
    expect(isUniqueViolation(immediate)).toBe(true);
    expect(await stored()).toEqual([{ id: 1, body: 'first', data: null }]);
  });

  it('fails the commit when the work swallowed a statement error (PostgreSQL would only roll back)', async () => {
    const outcome = await uow
      .transaction(async (m) => {
        await notes.insert(m, [{ id: 5, body: 'lost', data: null }]);
        await m.query('SELECT 1/0').catch(() => undefined);
      })
      .catch((e: unknown) => e);
    expect(outcome).toBeInstanceOf(Error);
    expect(await stored()).toEqual([]);
  });

  it('rolls back the work that throws, and sends nothing more for it than BEGIN and what it read', async () => {
    await expect(
      uow.transaction(async (m) => {
        await notes.insert(m, [{ id: 1, body: 'undone', data: null }]);
        await notes.select(m, ['id'], [1]);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(sent).toEqual([expect.stringMatching(/^BEGIN;\nINSERT .*;\nSELECT /s), 'ROLLBACK']);
    expect(await stored()).toEqual([]);
  });

  it('stores hostile text exactly, and leaves NUL to the parameter path and its own error', async () => {
    const hostile = [`'); DROP TABLE notes; --`, `\\'\\\\`, 'é🦀\u202e', '$1 $$'];
    await uow.transaction((m) => notes.insert(m, hostile.map((body, id) => ({ id, body, data: { body } }))));
    expect(await stored()).toEqual(hostile.map((body, id) => ({ id, body, data: { body } })));
    const nul = await uow.transaction((m) => notes.insert(m, [{ id: 9, body: 'a\u0000b', data: null }])).catch((e: unknown) => e);
    expect((nul as { driverError?: { code?: string } }).driverError?.code).toBe('22021');
  });
});
