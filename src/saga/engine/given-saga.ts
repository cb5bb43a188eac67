import type { ICommand } from '@nestjs/cqrs';
import type { StepCorrelation } from '../../infra/messages/step-correlation.js';
import { commandOf } from './command-of.js';
import { decide, type SagaInput } from './decider/saga-decider.js';
import { SagaDecision } from './decider/saga-decision.js';
import type { AnswerEvent, SagaDefinition, StepPolicy } from './saga-definition.js';
import { type SagaEvent, storedType } from './saga-event.js';
import type { SagaInstance } from './saga-instance.entity.js';
import { SagaRegistry } from './saga-registry.js';
import type { SagaStep } from './saga-step.entity.js';
import { StepDispatched } from './step-dispatched.event.js';
import type { EngineSettings } from './step-policy.js';

const DEFAULT_POLICY: StepPolicy = { timeoutMs: 30_000, maxAttempts: 3, retryBaseMs: 2_000, retryMaxMs: 60_000 };
const DEFAULTS: EngineSettings = { forward: DEFAULT_POLICY, compensation: { ...DEFAULT_POLICY, timeoutMs: 60_000, maxAttempts: 5 }, leaseMs: 600_000 };

/** What the last decision sent: the command as the module receives it, and its correlation. */
export interface Sent {
  command: ICommand;
  correlation: StepCorrelation;
  direction: 'forward' | 'compensate';
}

/**
 * Given/when/then for a saga definition, without a database: the real decider and the real
 * command builders on rows held in memory, with a clock the test moves. `when` takes what can
 * happen to a saga; `answer` builds the module's event for the command last sent.
 */
export class GivenSaga<I> {
  readonly saga: SagaInstance;
  readonly steps: SagaStep[];
  /** Every history entry so far, oldest first. */
  readonly history: SagaEvent[] = [];
  /** Every command sent so far, oldest first. */
  readonly sent: Sent[] = [];
  now = 1_000_000;
  private readonly registry = new SagaRegistry();

  constructor(
    private readonly definition: SagaDefinition<I>,
    input: I,
    private readonly settings: EngineSettings = DEFAULTS,
  ) {
    this.registry.register(definition as SagaDefinition<never>);
    this.saga = {
      id: 'saga-1', type: definition.type, definitionVersion: definition.version, status: 'RUNNING', input: input as Record<string, unknown>,
      lockKey: definition.lock?.(input) ?? null, searchKeys: null, idempotencyKey: null, requestHash: null, incidentId: null, direction: 'forward', stepIndex: 0,
      awaiting: null, wakeAt: null, deadlineAt: null, owner: null, attemptSentAt: null, historySeq: 0, createdAt: this.now, updatedAt: this.now, finishedAt: null, traceParent: null,
    };
    this.steps = definition.steps.map(({ name }, position) => ({
      sagaId: 'saga-1', position, name, status: 'PENDING', attempts: 0, compensationAttempts: 0, output: null, error: null, startedAt: null, finishedAt: null,
    }));
    this.when({ type: 'Start' });
  }

  /** One decision; returns the entries it recorded. */
  when(input: SagaInput, random: () => number = () => 0): SagaEvent[] {
    const decision = new SagaDecision(this.definition as SagaDefinition<never>, this.saga, this.steps, this.settings, this.now, random);
    decide(decision, input);
    this.history.push(...decision.history);
    if (decision.dispatch) {
      const { position, direction, attempt } = decision.dispatch;
      const step = this.definition.steps[position];
      const correlation = { sagaId: this.saga.id, step: direction === 'forward' ? step.name : step.compensation!.name, attempt };
      const dispatched = new StepDispatched({
        type: this.saga.type, version: this.saga.definitionVersion, correlation, direction, position,
        idempotencyKey: `${this.saga.id}:${step.name}:${direction}`, input: this.saga.input, outputs: decision.outputs(),
      });
      this.sent.push({ command: commandOf(this.registry, dispatched), correlation, direction });
    }
    return decision.history;
  }

  /** The module answers the command last sent: `make` builds the event from that command's correlation. */
  answer(make: (correlation: StepCorrelation) => AnswerEvent): SagaEvent[] {
    return this.when({ type: 'Answer', event: make(this.lastSent.correlation) });
  }

  /** Moves the clock to the saga's wake-up time (or by `ms`) and lets the scheduler wake it. */
  wake(ms?: number): SagaEvent[] {
    this.now = ms === undefined ? (this.saga.wakeAt ?? this.now) : this.now + ms;
    return this.when({ type: 'Wake' });
  }

  get lastSent(): Sent {
    const last = this.sent.at(-1);
    if (!last) throw new Error('nothing was sent');
    return last;
  }

  /** The history as stored: each entry's type (module events under their own name). */
  get types(): string[] {
    return this.history.map(storedType);
  }

  stepStatuses(): Record<string, string> {
    return Object.fromEntries(this.steps.map((s) => [s.name, s.status]));
  }
}

export const givenSaga = <I>(definition: SagaDefinition<I>, input: I, settings?: EngineSettings) => new GivenSaga(definition, input, settings);
