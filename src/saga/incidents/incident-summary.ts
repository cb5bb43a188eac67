/**
 * What a person reads first: what is still in place, and the two ways out with the real ids.
 * Exactly one of them: a retry after the effects were undone by hand would undo them twice, so
 * once the incident is resolved the saga is not retried. `subject` is the definition's words for
 * the saga (`Registration of ada@example.com`).
 */
export function incidentSummary(subject: string, sagaId: string, incidentId: string, effects: string[], actions: string[]): string {
  return (
    `${subject} (saga ${sagaId}) was only partly rolled back: ${effects.join('; ')}. ` +
    `Either fix the cause and retry: POST /sagas/${sagaId}/retry runs the given-up compensations again. ` +
    `Or undo it by hand and resolve: ${actions.join('; ')}, then POST /incidents/${incidentId}/resolve with a note saying what was done. ` +
    'Not both: once the incident is resolved, the saga cannot be retried.'
  );
}

/** A saga past its pivot that keeps failing forward: it cannot roll back, so the way out is forward. */
export function stuckSummary(subject: string, sagaId: string, incidentId: string, stuckAfterMs: number, effects: string[]): string {
  return (
    `${subject} (saga ${sagaId}) is past its pivot and has not finished after ${stuckAfterMs} ms; it keeps retrying: ${effects.join('; ')}. ` +
    `Fix the cause, then POST /sagas/${sagaId}/retry to retry at once; the incident resolves itself when the saga completes ` +
    `(or POST /incidents/${incidentId}/resolve with a note).`
  );
}
