/**
 * Which attempt of which saga step a command serves. A module copies it unchanged onto the
 * event that answers the command, so the saga engine routes the answer by correlation rather
 * than by the event's class: one event class may answer different steps of different sagas.
 */
export interface StepCorrelation {
  readonly sagaId: string;
  /** The step (or compensation) name as the saga definition spells it. */
  readonly step: string;
  readonly attempt: number;
}
