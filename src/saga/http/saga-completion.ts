import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { SagaFinished } from '../engine/saga-finished.event.js';

const POLL_MS = 500;

/**
 * Lets a request wait for its saga to finish (`Prefer: wait=N`). Woken at once by SagaFinished
 * when this process finished the saga; the periodic check covers another instance finishing it.
 */
@EventsHandler(SagaFinished)
export class SagaCompletion implements IEventHandler<SagaFinished> {
  private readonly waiting = new Map<string, Set<() => void>>();

  handle({ sagaId }: SagaFinished): void {
    this.waiting.get(sagaId)?.forEach((wake) => wake());
    this.waiting.delete(sagaId);
  }

  /**
   * Waits for a saga the caller has just read unfinished: resolves true when SagaFinished
   * arrives (it is published after the commit, so nothing needs reading again) or when
   * `isFinished`, asked every POLL_MS, says so; false when `timeoutMs` runs out first. It listens
   * before anything else, so a saga finishing while the caller's read was answered is caught
   * by the next check at worst.
   */
  async waitFor(sagaId: string, timeoutMs: number, isFinished: () => Promise<boolean>): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    const finished = this.listen(sagaId);
    try {
      for (;;) {
        const remaining = deadline - Date.now();
        if (remaining <= 0) return false;
        let timer: NodeJS.Timeout | undefined;
        const polled = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), Math.min(remaining, POLL_MS))));
        const signalled = await Promise.race([finished.signal, polled]);
        clearTimeout(timer);
        if (signalled || (await isFinished())) return true;
      }
    } finally {
      finished.stop();
    }
  }

  private listen(sagaId: string): { signal: Promise<true>; stop(): void } {
    const wakers = this.waiting.get(sagaId) ?? new Set();
    this.waiting.set(sagaId, wakers);
    let wake!: () => void;
    const signal = new Promise<true>((resolve) => (wake = () => resolve(true)));
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
