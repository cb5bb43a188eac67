import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { SagaFinished } from './saga-finished.event.js';

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

  /** Resolves true once `isFinished` says so, false when `timeoutMs` runs out first. */
  async waitFor(sagaId: string, timeoutMs: number, isFinished: () => Promise<boolean>): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!(await isFinished())) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) return false;
      await this.nextSignal(sagaId, Math.min(remaining, POLL_MS));
    }
    return true;
  }

  private nextSignal(sagaId: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wakers = this.waiting.get(sagaId) ?? new Set();
      const wake = () => {
        clearTimeout(timer);
        wakers.delete(wake);
        if (wakers.size === 0 && this.waiting.get(sagaId) === wakers) this.waiting.delete(sagaId);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      wakers.add(wake);
      this.waiting.set(sagaId, wakers);
    });
  }
}
