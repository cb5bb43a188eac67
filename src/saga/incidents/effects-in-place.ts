import type { EffectWords, SagaDefinition } from '../engine/saga-definition.js';
import type { SagaInstance } from '../engine/saga-instance.entity.js';
import type { SagaStep } from '../engine/saga-step.entity.js';

/**
 * Each effect a given-up compensation left in place, in the definition's words (with the ids
 * and amounts a person needs), in the order the saga would have undone them: newest step first.
 */
export function effectsInPlace(definition: SagaDefinition<never>, saga: SagaInstance, steps: SagaStep[]): EffectWords[] {
  return steps
    .map((row, position) => ({ row, step: definition.steps[position] }))
    .filter(({ row }) => row.status === 'COMPENSATION_FAILED')
    .reverse()
    .map(({ row, step }) =>
      step.effectInPlace
        ? step.effectInPlace({ sagaId: saga.id, input: saga.input as never, output: row.output ?? {} })
        : { effect: `${step.name} was not undone (output ${JSON.stringify(row.output)})`, action: `undo ${step.name} by hand` },
    );
}
