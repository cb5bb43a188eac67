import type { Direction, SagaDefinition, StepDefinition, StepOutput } from '../saga-definition.js';
import type { SagaEvent } from '../saga-event.js';
import type { SagaInstance } from '../saga-instance.entity.js';
import { isFinal } from '../saga-status.js';
import type { SagaStep } from '../saga-step.entity.js';
import type { EngineSettings } from '../step-policy.js';

/** A command the saga wants sent once its new state is committed. */
export interface Dispatch {
  /** The forward step's position in the definition. */
  position: number;
  direction: Direction;
  attempt: number;
}

/**
 * One decision in the making: the saga's rows as loaded, changed in place by the decider, and
 * what the decision produced (history, at most one command, locks to free). Nothing here does
 * I/O; the runner commits the rows and the history together, then publishes the dispatch.
 */
export class SagaDecision {
  readonly history: SagaEvent[] = [];
  dispatch: Dispatch | null = null;
  /** True when this decision ended the saga. */
  justFinished = false;
  /** Locks held by earlier, finished sagas that this decision frees (see SagaDefinition.releasesOnCompletion). */
  releasedLocks: string[] = [];

  constructor(
    readonly definition: SagaDefinition<never>,
    readonly saga: SagaInstance,
    readonly steps: SagaStep[],
    readonly settings: EngineSettings,
    readonly now: number,
    readonly random: () => number = Math.random,
  ) {}

  get finished(): boolean {
    return isFinal(this.saga.status);
  }

  record(event: SagaEvent): void {
    this.history.push(event);
  }

  stepAt(position: number): { row: SagaStep; definition: StepDefinition<never> } {
    return { row: this.steps[position], definition: this.definition.steps[position] };
  }

  /** The step being run or compensated now. */
  get current(): { row: SagaStep; definition: StepDefinition<never> } {
    return this.stepAt(this.saga.stepIndex);
  }

  /** The attempt number of what is out or due now. */
  get currentAttempt(): number {
    const { row } = this.current;
    return this.saga.direction === 'forward' ? row.attempts : row.compensationAttempts;
  }

  /** Whether a pivot step has succeeded: from there on the saga only goes forward. */
  get pastPivot(): boolean {
    return this.steps.some((row, i) => this.definition.steps[i].kind === 'pivot' && row.status === 'SUCCEEDED');
  }

  /** The output of every step that has one, by step name. */
  outputs(): Record<string, StepOutput | undefined> {
    return outputsOf(this.steps);
  }
}

export function outputsOf(steps: SagaStep[]): Record<string, StepOutput | undefined> {
  const outputs: Record<string, StepOutput | undefined> = {};
  for (const step of steps) if (step.output) outputs[step.name] = step.output;
  return outputs;
}
