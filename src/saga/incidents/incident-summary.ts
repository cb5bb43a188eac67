import type { Saga } from '../saga.entity.js';

/**
 * What a person reads first: what is still in place, and the two ways out with the real ids.
 * Exactly one of them: a retry after the effects were undone by hand would undo them twice, so
 * once the incident is resolved the saga is not retried.
 */
export function incidentSummary(saga: Saga, incidentId: string, effects: string[], actions: string[]): string {
  return (
    `Registration of ${saga.email} (saga ${saga.id}) was only partly rolled back: ${effects.join('; ')}. ` +
    `Either fix the cause and retry: POST /sagas/${saga.id}/retry runs the given-up compensations again. ` +
    `Or undo it by hand and resolve: ${actions.join('; ')}, then POST /incidents/${incidentId}/resolve with a note saying what was done. ` +
    'Not both: once the incident is resolved, the saga cannot be retried.'
  );
}
