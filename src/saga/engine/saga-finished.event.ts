import type { SagaStatus } from './saga-status.js';

export class SagaFinished {
  constructor(
    readonly sagaId: string,
    readonly status: SagaStatus,
  ) {}
}
