import type { ICommand } from '@nestjs/cqrs';
import type { SagaRegistry } from './saga-registry.js';
import type { StepDispatched } from './step-dispatched.event.js';

/** The definition's command for a dispatched attempt: the step's, or its compensation's built from its output. */
export function commandOf(registry: SagaRegistry, { props }: StepDispatched): ICommand {
  const definition = registry.find(props.type, props.version);
  if (!definition) throw new Error(`${props.type} v${props.version} is not registered`);
  const step = definition.steps[props.position];
  const context = { sagaId: props.correlation.sagaId, input: props.input as never, outputs: props.outputs, correlation: props.correlation, idempotencyKey: props.idempotencyKey };
  if (props.direction === 'forward') return step.command(context);
  const output = props.outputs[step.name];
  if (!output) throw new Error(`Cannot compensate ${step.name} of saga ${props.correlation.sagaId}: it recorded no output`);
  return step.compensation!.command({ ...context, output });
}
