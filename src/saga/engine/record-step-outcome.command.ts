import type { AnswerEvent } from './saga-definition.js';

/** Tells the engine what a module answered to one of its commands; routed by the event's correlation. */
export class RecordStepOutcome {
  constructor(readonly event: AnswerEvent) {}
}
