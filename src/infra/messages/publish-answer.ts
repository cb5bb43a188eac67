import { errorMessage } from '../error-message.js';
import { ANSWERED, type CorrelatedAnswer, type StepAnswers } from './step-answers.js';

/**
 * The skeleton every module command handler shares: run the work, then publish what answers
 * the command, either the event the work returns (a success, or a business refusal it decided
 * on) or, when the work throws, the failure event `failed` builds from the error's message.
 * Something thrown is a transient failure (a provider or the database), so `failed` is where a
 * handler says `retryable: true`.
 *
 * Work that writes commits through `answers.commit`, which records the answer with the write and
 * publishes it after the commit (the work then returns ANSWERED). An answer the work returns is
 * published only after the work settled, so it never runs ahead of a commit (@nestjs/cqrs runs
 * the listeners synchronously inside `publish`).
 */
export async function publishAnswer(
  answers: StepAnswers,
  work: () => Promise<CorrelatedAnswer | typeof ANSWERED>,
  failed: (message: string) => CorrelatedAnswer,
): Promise<void> {
  let answer: CorrelatedAnswer | typeof ANSWERED;
  try {
    answer = await work();
  } catch (error) {
    answer = failed(errorMessage(error));
  }
  if (answer !== ANSWERED) answers.publish(answer);
}
