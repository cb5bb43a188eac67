import { Injectable, Logger } from '@nestjs/common';
import { type ICommand, type IEvent, ofType, Saga } from '@nestjs/cqrs';
import { filter, mergeMap, type Observable, of } from 'rxjs';
import { StepAnswers } from '../../infra/messages/step-answers.js';
import type { AnswerEvent } from './saga-definition.js';
import { commandOf } from './command-of.js';
import { mapSafely } from './map-safely.operator.js';
import { RecordStepOutcome } from './record-step-outcome.command.js';
import { SagaRegistry } from './saga-registry.js';
import { SagaSpans } from './saga-spans.js';
import { StepDispatched } from './step-dispatched.event.js';

/**
 * The wiring between the engine and the modules, for every registered saga. Streams are pure:
 * they only turn events into commands.
 *
 * Which command comes next depends on what the saga has recorded, so that decision is taken by
 * the decider inside a transaction, committed, and announced as StepDispatched; `runSteps`
 * turns it into the definition's command. Every module answer goes back to the engine through
 * `recordAnswers`, which routes it by the correlation it carries, not by its class, except an
 * answer already recorded in its module's transaction (StepAnswers, AnswerRecording).
 */
@Injectable()
export class SagaWiring {
  private readonly logger = new Logger(SagaWiring.name);

  constructor(
    private readonly registry: SagaRegistry,
    private readonly answers: StepAnswers,
    private readonly spans: SagaSpans,
  ) {}

  /** Each command delivered in its attempt's trace context (tracing on), so its work joins the attempt's span. */
  @Saga()
  runSteps = (events$: Observable<IEvent>): Observable<ICommand> =>
    events$.pipe(
      ofType(StepDispatched),
      mergeMap((dispatched) =>
        this.spans.inAttempt(dispatched, of(dispatched).pipe(mapSafely((d) => commandOf(this.registry, d), this.logger)), () => this.stepNameOf(dispatched)),
      ),
    );

  private stepNameOf({ props }: StepDispatched): string {
    return this.registry.find(props.type, props.version)?.steps[props.position]?.name ?? props.correlation.step;
  }

  /** Subscribed at bootstrap, once every definition has registered, so it hears every answer class. */
  @Saga()
  recordAnswers = (events$: Observable<IEvent>): Observable<ICommand> =>
    events$.pipe(
      ofType(...this.registry.answerEvents()),
      filter((event: AnswerEvent) => !this.answers.wasRecorded(event)),
      mapSafely((event: AnswerEvent) => {
        if (typeof event.correlation?.sagaId !== 'string' || !Number.isInteger(event.correlation.attempt)) {
          throw new Error(`${event.constructor.name} carries no step correlation`);
        }
        return new RecordStepOutcome(event);
      }, this.logger),
    );
}
