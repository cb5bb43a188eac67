export const UNFINISHED_SAGA_STATUSES = ['RUNNING', 'COMPENSATING'] as const;
export const FINAL_SAGA_STATUSES = ['COMPLETED', 'ROLLED_BACK', 'PARTIALLY_ROLLED_BACK'] as const;
export const SAGA_STATUSES = [...UNFINISHED_SAGA_STATUSES, ...FINAL_SAGA_STATUSES] as const;
export type SagaStatus = (typeof SAGA_STATUSES)[number];

export const isFinal = (status: SagaStatus) => (FINAL_SAGA_STATUSES as readonly string[]).includes(status);

export const STEP_STATUSES = ['PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'COMPENSATING', 'COMPENSATED', 'COMPENSATION_FAILED'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];
