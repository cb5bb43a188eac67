import type { StepCorrelation } from '../../infra/messages/step-correlation.js';
import type { Direction, StepOutput } from './saga-definition.js';

/**
 * The engine has committed its decision to send an attempt; the wiring stream turns it into the
 * definition's command. It carries all a command builder reads, so the stream does no I/O.
 */
export class StepDispatched {
  constructor(
    readonly props: {
      readonly type: string;
      readonly version: number;
      /** `step` is the forward step's or the compensation's name. */
      readonly correlation: StepCorrelation;
      readonly direction: Direction;
      readonly position: number;
      readonly idempotencyKey: string;
      readonly input: unknown;
      readonly outputs: Readonly<Record<string, StepOutput | undefined>>;
    },
  ) {}
}
