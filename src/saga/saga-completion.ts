import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { SagaFinished } from './saga-finished.event.js';

const POLL_MS = 500;

/**
 * Lets a request wait for its saga to finish (`Prefer: wait=N`). Woken at once by SagaFinished
 * when this process finished the saga; the periodic check covers another instance finishing it.
 */
@EventsHandler(SagaFinished)
export class SagaCompletion implements IEventHandler<SagaFinished> {
  private readonly waiting = new Map<string, Set<(finished: boolean) => void>>();

  handle({ sagaId }: SagaFinished): void {
    this.waiting.get(sagaId)?.forEach((wake) => wake(true));
    this.waiting.delete(sagaId);
  }

  /**
   * Resolves true once `isFinished` says so or SagaFinished arrives (published after the commit,
   * so no need to ask again), false when `timeoutMs` runs out first.
   */
  async waitFor(sagaId: string, timeoutMs: number, isFinished: () => Promise<boolean>): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!(await isFinished())) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) return false;
      if (await this.nextSignal(sagaId, Math.min(remaining, POLL_MS))) return true;
    }
    return true;
  }

  /** True when woken by SagaFinished, false when `ms` ran out. */
  private nextSignal(sagaId: string, ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const wakers = this.waiting.get(sagaId) ?? new Set();
      const wake = (finished: boolean) => {
        clearTimeout(timer);
        wakers.delete(wake);
        if (wakers.size === 0 && this.waiting.get(sagaId) === wakers) this.waiting.delete(sagaId);
        resolve(finished);
      };
      const timer = setTimeout(() => wake(false), ms);
      wakers.add(wake);
      this.waiting.set(sagaId, wakers);
    });
  }
}
