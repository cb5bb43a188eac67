import type { OnModuleDestroy } from '@nestjs/common';
import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { SagaFinished } from '../engine/saga-finished.event.js';

const POLL_MS = 500;

/** Why a wait ended before its time ran out: the saga finished, or the process is stopping. */
type Wake = 'finished' | 'released';

/**
 * Lets a request wait for its saga to finish (`Prefer: wait=N`). Woken at once by SagaFinished
 * when this process finished the saga; the periodic check covers another instance finishing it.
 * On shutdown every wait ends at once, so each request is answered with the saga as it stands
 * while the database is still open, instead of being cut off when the process exits.
 */
@EventsHandler(SagaFinished)
export class SagaCompletion implements IEventHandler<SagaFinished>, OnModuleDestroy {
  private readonly waiting = new Map<string, Set<(why: Wake) => void>>();
  private released = false;

  handle({ sagaId }: SagaFinished): void {
    this.waiting.get(sagaId)?.forEach((wake) => wake('finished'));
    this.waiting.delete(sagaId);
  }

  /**
   * The first shutdown hook Nest runs, before the scheduler drains and long before the database
   * closes: ends every wait now and every later one at once.
   */
  onModuleDestroy(): void {
    this.released = true;
    for (const wakers of this.waiting.values()) wakers.forEach((wake) => wake('released'));
    this.waiting.clear();
  }

  /**
   * Waits for a saga the caller has just read unfinished: resolves true when SagaFinished
   * arrives (it is published after the commit, so nothing needs reading again) or when
   * `isFinished`, asked every POLL_MS, says so; false when `timeoutMs` runs out first or the
   * process is shutting down. It listens before anything else, so a saga finishing while the
   * caller's read was answered is caught by the next check at worst.
   */
  async waitFor(sagaId: string, timeoutMs: number, isFinished: () => Promise<boolean>): Promise<boolean> {
    if (this.released) return false;
    const deadline = Date.now() + timeoutMs;
    const woken = this.listen(sagaId);
    try {
      for (;;) {
        const remaining = deadline - Date.now();
        if (remaining <= 0) return false;
        let timer: NodeJS.Timeout | undefined;
        const polled = new Promise<'poll'>((resolve) => (timer = setTimeout(() => resolve('poll'), Math.min(remaining, POLL_MS))));
        const why = await Promise.race([woken.signal, polled]);
        clearTimeout(timer);
        if (why === 'released') return false;
        if (why === 'finished' || (await isFinished())) return true;
      }
    } finally {
      woken.stop();
    }
  }

  private listen(sagaId: string): { signal: Promise<Wake>; stop(): void } {
    const wakers = this.waiting.get(sagaId) ?? new Set();
    this.waiting.set(sagaId, wakers);
    let wake!: (why: Wake) => void;
    const signal = new Promise<Wake>((resolve) => (wake = resolve));
    wakers.add(wake);
    return {
      signal,
      stop: () => {
        wakers.delete(wake);
        if (wakers.size === 0 && this.waiting.get(sagaId) === wakers) this.waiting.delete(sagaId);
      },
    };
  }
}
