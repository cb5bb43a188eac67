import type { EventBus, IEvent } from '@nestjs/cqrs';
import { errorMessage } from '../error-message.js';

/**
 * The skeleton every module command handler shares: run the work, then publish what answers
 * the command, either the event the work returns (a success, or a business refusal it decided
 * on) or, when the work throws, the failure event `failed` builds from the error's message.
 * Something thrown is a transient failure (a provider or the database), so `failed` is where a
 * handler says `retryable: true`.
 *
 * The work commits its own transactions; publishing only after it settled keeps the answer from
 * running ahead of the commit (@nestjs/cqrs runs the listeners synchronously inside `publish`).
 */
export async function publishAnswer(events: EventBus, work: () => Promise<IEvent>, failed: (message: string) => IEvent): Promise<void> {
  let answer: IEvent;
  try {
    answer = await work();
  } catch (error) {
    answer = failed(errorMessage(error));
  }
  events.publish(answer);
}
