import type { AnswerEvent, AnswerSpec, Direction, SagaDefinition } from '../saga-definition.js';

/** A module's answer in the saga's terms, once its correlation has found the step it answers. */
export interface StepOutcome {
  position: number;
  direction: Direction;
  attempt: number;
  /** The module event's name, kept in the history. */
  event: string;
  kind: 'succeeded' | 'business' | 'transient';
  error: string | null;
  output: Record<string, unknown> | null;
}

/**
 * Finds the step an answer is for by its correlation (a step name, or a compensation name),
 * and what kind of answer it is by that step's own answer lists: the same event class may be a
 * success of one step and mean nothing to another. Returns a reason when it answers nothing.
 */
export function outcomeOf(definition: SagaDefinition<never>, event: AnswerEvent): StepOutcome | { unmatched: string } {
  const { step: name, attempt } = event.correlation;
  let position = definition.steps.findIndex((s) => s.name === name);
  let direction: Direction = 'forward';
  if (position < 0) {
    position = definition.steps.findIndex((s) => s.compensation?.name === name);
    direction = 'compensate';
  }
  if (position < 0) return { unmatched: `${definition.type} v${definition.version} has no step ${name}` };
  const step = definition.steps[position];
  const answers = direction === 'forward' ? step.answers : step.compensation!.answers;
  const eventName = event.constructor.name;
  const find = (specs: readonly AnswerSpec[] = []) => specs.find((spec) => event.constructor === spec.event);
  const base = { position, direction, attempt, event: eventName };
  const success = find(answers.success);
  if (success) return { ...base, kind: 'succeeded', error: null, output: success.output?.(event) ?? {} };
  const failure = find(answers.businessFailure) ?? find(answers.transientFailure);
  if (!failure) return { unmatched: `${eventName} does not answer ${name}` };
  const said = event as { error?: unknown; retryable?: unknown };
  const transient = failure === find(answers.transientFailure) && said.retryable !== false;
  return {
    ...base,
    kind: transient ? 'transient' : 'business',
    error: typeof said.error === 'string' ? said.error : eventName,
    output: failure.output?.(event) ?? null,
  };
}
