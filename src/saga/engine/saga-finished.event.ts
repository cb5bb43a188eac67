import type { SagaStatus } from './saga.entity.js';

export class SagaFinished {
  constructor(
    readonly sagaId: string,
    readonly status: SagaStatus,
  ) {}
}
