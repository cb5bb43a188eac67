import type { Direction, RegistrationSnapshot, StepName } from './registration-steps.js';

/** The saga has committed its decision to run `step` in `direction`; the saga stream sends the command. */
export class RegistrationStepDispatched {
  constructor(
    readonly sagaId: string,
    readonly step: StepName,
    readonly direction: Direction,
    readonly attempt: number,
    readonly registration: RegistrationSnapshot,
  ) {}
}
