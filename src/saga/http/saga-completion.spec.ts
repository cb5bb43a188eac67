import { describe, expect, it } from '@jest/globals';
import { SagaCompletion } from './saga-completion.js';
import { SagaFinished } from '../engine/saga-finished.event.js';

describe('SagaCompletion', () => {
  it('wakes on SagaFinished without asking the database again', async () => {
    const completion = new SagaCompletion();
    let asked = 0;
    const waiting = completion.waitFor('s1', 10_000, async () => (++asked, false));
    completion.handle(new SagaFinished('s1', 'COMPLETED'));
    await expect(waiting).resolves.toBe(true);
    expect(asked).toBe(0);
  });

  it('ignores other sagas finishing, and polls for a saga another instance finishes', async () => {
    const completion = new SagaCompletion();
    let asked = 0;
    const started = Date.now();
    const waiting = completion.waitFor('s1', 10_000, async () => ++asked >= 2);
    completion.handle(new SagaFinished('s2', 'COMPLETED'));
    await expect(waiting).resolves.toBe(true);
    expect(asked).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('gives up when the time runs out, and forgets its waiters either way', async () => {
    const completion = new SagaCompletion();
    await expect(completion.waitFor('s1', 50, async () => false)).resolves.toBe(false);
    const waiting = completion.waitFor('s2', 10_000, async () => false);
    completion.handle(new SagaFinished('s2', 'ROLLED_BACK'));
    await waiting;
    expect((completion as unknown as { waiting: Map<string, unknown> }).waiting.size).toBe(0);
  });

  it('on shutdown ends every wait at once, unfinished, and does not start new ones', async () => {
    const completion = new SagaCompletion();
    let asked = 0;
    const waits = ['s1', 's1', 's2'].map((id) => completion.waitFor(id, 60_000, async () => (++asked, false)));
    completion.onModuleDestroy();
    await expect(Promise.all(waits)).resolves.toEqual([false, false, false]);
    await expect(completion.waitFor('s3', 60_000, async () => (++asked, true))).resolves.toBe(false);
    expect(asked).toBe(0);
    expect((completion as unknown as { waiting: Map<string, unknown> }).waiting.size).toBe(0);
  });
});
