import { Injectable, Logger } from '@nestjs/common';
import { type ICommand, type IEvent, ofType, Saga } from '@nestjs/cqrs';
import type { Observable } from 'rxjs';
import { mapSafely } from '../engine/map-safely.operator.js';
import { RecordStepOutcome } from '../engine/record-step-outcome.command.js';
import { RegistrationStepDispatched } from './registration-step-dispatched.event.js';
import { commandFor } from './registration-steps.js';
import { ANSWER_EVENTS, toStepOutcome } from './step-outcome.js';

/**
 * The wiring between the modules. Streams are pure: they only turn events into commands.
 *
 * Which command comes next (the next step, a retry, or the compensations of the steps that
 * succeeded, newest first) depends on what the saga has recorded, so that decision is taken by
 * RegistrationFlow inside the command handlers, committed, and announced as
 * RegistrationStepDispatched; `runSteps` turns it into the module's command. Every module's
 * answer, success or failure, goes back to the saga through `recordOutcomes`.
 */
@Injectable()
export class RegistrationSaga {
  private readonly logger = new Logger(RegistrationSaga.name);

  @Saga()
  runSteps = (events$: Observable<IEvent>): Observable<ICommand> =>
    events$.pipe(
      ofType(RegistrationStepDispatched),
      mapSafely((e) => commandFor(e.sagaId, e.step, e.direction, e.attempt, e.registration), this.logger),
    );

  @Saga()
  recordOutcomes = (events$: Observable<IEvent>): Observable<ICommand> =>
    events$.pipe(
      ofType(...ANSWER_EVENTS),
      mapSafely((event) => new RecordStepOutcome(toStepOutcome(event)), this.logger),
    );
}
