import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { onSentQuery } from '../../../test/support/pg-sent-queries.js';
import { admin, databaseUrl } from '../../../test/support/postgres-admin.js';
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

/** A statement a client sent, and how many statements of the run were answered before it was sent. */
interface Sent {
  text: string;
  answeredBefore: number;
}

/** Records every statement the pool's clients send, and when each was answered. */
function recordPipelining(dataSource: DataSource, sent: Sent[]): void {
  let answered = 0;
  onSentQuery(dataSource, (text, _values, answer) => {
    sent.push({ text, answeredBefore: answered });
    void (answer as Promise<unknown>).then(
      () => answered++,
      () => answered++,
    );
  });
}

/** The UnitOfWork's PostgreSQL transactions on pipelined connections, as data-source-options.ts configures them. */
describe('PipelinedTransaction on PostgreSQL', () => {
  const name = `pipeline_${randomBytes(6).toString('hex')}`;
  let dataSource: DataSource;
  let uow: UnitOfWork;
  let notes: EntityTable<Note>;
  const sent: Sent[] = [];
  const texts = () => sent.map((s) => s.text);

  beforeAll(async () => {
    await admin(`CREATE DATABASE ${name}`);
    dataSource = await new DataSource({ type: 'postgres', url: databaseUrl(name), poolSize: 2, entities: [Note], synchronize: true, extra: { pipeline: true } }).initialize();
    recordPipelining(dataSource, sent);
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

  /** Holds the write queue with a running transaction until `release`: what is queued meanwhile forms one batch. */
  async function holdQueue(): Promise<{ release(): Promise<void> }> {
    let started!: () => void;
    let open!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const gate = new Promise<void>((resolve) => (open = resolve));
    const held = uow.transaction(async () => {
      started();
      await gate;
    });
    await running;
    return {
      release: async () => {
        open();
        await held;
      },
    };
  }

  it("waits for BEGIN's answer, then sends the writes and COMMIT without waiting for any", async () => {
    await uow.transaction(async (m) => {
      await notes.insert(m, [{ id: 1, body: 'one', data: null }]);
      await notes.insert(m, [{ id: 2, body: 'two', data: { a: [1] } }]);
      const note = { id: 1, body: 'one', data: null };
      await notes.insert(m, [{ id: 3, body: 'three', data: null }]);
      note.body = 'uno';
      await notes.update(m, note, ['id']);
    });
    expect(texts()).toEqual(['BEGIN', expect.stringMatching(/^INSERT /), expect.stringMatching(/^INSERT /), expect.stringMatching(/^INSERT /), expect.stringMatching(/^UPDATE /), 'COMMIT']);
    // Had BEGIN failed, PostgreSQL would have run each statement already sent behind it on its own.
    expect(sent.map((s) => s.answeredBefore - sent[0].answeredBefore)).toEqual([0, 1, 1, 1, 1, 1]);
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

  it('keeps order: every statement on the runner goes after what was sent before it, and sees it', async () => {
    const seen = await uow.transaction(async (m) => {
      await notes.insert(m, [{ id: 1, body: 'queued', data: null }]);
      // TypeORM's own statements (parameterised) and runSql's reads see the write before them.
      await m.update(Note, { id: 1 }, { body: 'typeorm' });
      const viaTypeOrm = await m.findOneByOrFail(Note, { id: 1 });
      await notes.insert(m, [{ id: 2, body: 'second', data: null }]);
      const viaTable = await notes.select(m, ['id'], [2]);
      return { viaTypeOrm: viaTypeOrm.body, viaTable: viaTable.map((n) => n.body) };
    });
    expect(seen).toEqual({ viaTypeOrm: 'typeorm', viaTable: ['second'] });
    expect(texts().map((t) => t.split(' ')[0])).toEqual(['BEGIN', 'INSERT', 'UPDATE', 'SELECT', 'INSERT', 'SELECT', 'COMMIT']);
    expect(await stored()).toEqual([
      { id: 1, body: 'typeorm', data: null },
      { id: 2, body: 'second', data: null },
    ]);
  });

  it("runs a batch's jobs of different keys side by side: each one's read goes out before any is answered", async () => {
    await uow.transaction((m) => notes.insert(m, [1, 2, 3].map((id) => ({ id, body: `note ${id}`, data: null }))));
    sent.length = 0;
    const queue = await holdQueue();
    const reads = [1, 2, 3].map((id) =>
      uow.transaction(async (m) => {
        const [note] = await notes.select(m, ['id'], [id]);
        note.body = `${note.body} read`;
        await notes.update(m, note, ['id']);
        return note.body;
      }, `note:${id}`),
    );
    await queue.release();
    expect(await Promise.all(reads)).toEqual(['note 1 read', 'note 2 read', 'note 3 read']);
    expect(texts().map((t) => t.split(' ')[0])).toEqual(['BEGIN', 'SELECT', 'SELECT', 'SELECT', 'UPDATE', 'UPDATE', 'UPDATE', 'COMMIT']);
    const selects = sent.filter((s) => s.text.startsWith('SELECT'));
    expect(selects.map((s) => s.answeredBefore - sent[0].answeredBefore)).toEqual([1, 1, 1]);
  });

  it('pipelines the reads of a batch side by side, outside a transaction block, each with its own outcome', async () => {
    await uow.transaction((m) => notes.insert(m, [1, 2, 3].map((id) => ({ id, body: `note ${id}`, data: null }))));
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const held = uow.read(() => gate);
    await new Promise((resolve) => setImmediate(resolve));
    sent.length = 0;
    const reads = [1, 2, 3].map((id) => uow.read(async (m) => (await notes.select(m, ['id'], [id]))[0].body));
    const failing = uow.read((m) => m.query('SELECT 1/0'));
    open();
    await held;
    expect(await Promise.all(reads)).toEqual(['note 1', 'note 2', 'note 3']);
    expect(((await failing.catch((e: unknown) => e)) as { driverError?: { code?: string } }).driverError?.code).toBe('22012');
    // One batch, no BEGIN or COMMIT: every statement went out before any was answered, and none ran twice.
    expect(texts().map((t) => t.split(' ')[0])).toEqual(['SELECT', 'SELECT', 'SELECT', 'SELECT']);
    expect(sent.map((s) => s.answeredBefore - sent[0].answeredBefore)).toEqual([0, 0, 0, 0]);
  });

  it('never runs two jobs of one key side by side: a read-then-write of each sees the one before', async () => {
    await uow.transaction((m) => notes.insert(m, [{ id: 1, body: '0', data: null }]));
    sent.length = 0;
    const queue = await holdQueue();
    const increments = Array.from({ length: 5 }, () =>
      uow.transaction(async (m) => {
        const [note] = await notes.select(m, ['id'], [1]);
        note.body = String(Number(note.body) + 1);
        await notes.update(m, note, ['id']);
      }, 'note:1'),
    );
    await queue.release();
    await Promise.all(increments);
    // In one batch, one job after the other: each SELECT waits for the UPDATE before it.
    expect(texts().map((t) => t.split(' ')[0])).toEqual(['BEGIN', ...Array.from({ length: 5 }, () => ['SELECT', 'UPDATE']).flat(), 'COMMIT']);
    expect(await stored()).toEqual([{ id: 1, body: '5', data: null }]);
  });

  it('rejects only the side-by-side job whose write fails, with its own error, and commits the others', async () => {
    await uow.transaction((m) => notes.insert(m, [{ id: 7, body: 'first', data: null }]));
    const queue = await holdQueue();
    const settled = Promise.allSettled(
      [100, 7, 101, 102].map((id) =>
        uow.transaction(async (m) => {
          await notes.insert(m, [{ id, body: 'side by side', data: null }]);
          await notes.select(m, ['id'], [id]);
        }, `note:${id}`),
      ),
    );
    await queue.release();
    const outcomes = await settled;
    expect(outcomes.map((o) => (o.status === 'rejected' ? (isUniqueViolation(o.reason) ? 'unique violation' : o.reason) : 'committed'))).toEqual([
      'committed',
      'unique violation',
      'committed',
      'committed',
    ]);
    expect((await stored()).map((n: Note) => n.id)).toEqual([7, 100, 101, 102]);
  });

  it('reports a write that fails as its own error, at the transaction, and keeps none of it', async () => {
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

  it("reports the statement that failed first on the wire, whether TypeORM's or runSql's came first to the promises", async () => {
    await uow.transaction((m) => notes.insert(m, [{ id: 1, body: 'first', data: null }]));
    const failure = await uow
      .transaction(async (m) => {
        // TypeORM's own statement, failing once the server has slept, and one of runSql's sent
        // behind it, refused because of it; this thread held until both answers are in, so that
        // they are read at once and only the wire says which came first.
        const duplicate = m.query('INSERT INTO notes (id, body) SELECT $1, $2 FROM pg_sleep(0.1)', [1, 'duplicate']);
        await new Promise<void>((resolve) => setImmediate(resolve));
        const behind = notes.select(m, ['id'], [1]);
        await new Promise<void>((resolve) => setImmediate(resolve));
        const until = Date.now() + 400;
        while (Date.now() < until);
        const outcomes = await Promise.allSettled([duplicate, behind]);
        expect(outcomes.map((o) => o.status === 'rejected' && isUniqueViolation(o.reason))).toEqual([true, true]);
      })
      .catch((e: unknown) => e);
    expect(isUniqueViolation(failure)).toBe(true);
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

  it('rolls back the work that throws, and sends nothing more for it than BEGIN and what it ran', async () => {
    await expect(
      uow.transaction(async (m) => {
        await notes.insert(m, [{ id: 1, body: 'undone', data: null }]);
        await notes.select(m, ['id'], [1]);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(texts()).toEqual(['BEGIN', expect.stringMatching(/^INSERT /), expect.stringMatching(/^SELECT /), 'ROLLBACK']);
    expect(await stored()).toEqual([]);
  });

  it('stores hostile text exactly, and refuses NUL with the server own error', async () => {
    const hostile = [`'); DROP TABLE notes; --`, `\\'\\\\`, 'é🦀\u202e', '$1 $$'];
    await uow.transaction((m) => notes.insert(m, hostile.map((body, id) => ({ id, body, data: { body } }))));
    expect(await stored()).toEqual(hostile.map((body, id) => ({ id, body, data: { body } })));
    const nul = await uow.transaction((m) => notes.insert(m, [{ id: 9, body: 'a\u0000b', data: null }])).catch((e: unknown) => e);
    expect((nul as { driverError?: { code?: string } }).driverError?.code).toBe('22021');
  });

  it('reads again, under a new name, a statement whose result type a schema change altered', async () => {
    await uow.transaction((m) => notes.insert(m, [{ id: 1, body: 'kept', data: null }]));
    const read = () => uow.read(async (m) => (await notes.select(m, ['id'], [1])).map((n) => n.body));
    expect(await read()).toEqual(['kept']);
    await dataSource.query('ALTER TABLE notes ALTER COLUMN body TYPE varchar(200)');
    try {
      expect(await read()).toEqual(['kept']);
    } finally {
      await dataSource.query('ALTER TABLE notes ALTER COLUMN body TYPE text');
    }
  });
});
