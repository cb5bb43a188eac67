import { ApiProperty } from '@nestjs/swagger';
import { STEP_NAMES, type StepName } from '../registration/registration-steps.js';
import { SAGA_STATUSES, type SagaStatus } from '../engine/saga.entity.js';
import type { StepStatus } from '../engine/saga-step.entity.js';

// A record, so that a step status added to the entity without being listed here fails to compile.
const STEP_STATUS: Record<StepStatus, null> = {
  PENDING: null,
  RUNNING: null,
  SUCCEEDED: null,
  FAILED: null,
  COMPENSATING: null,
  COMPENSATED: null,
  COMPENSATION_FAILED: null,
};

const SAGA_ID = '0b6f7c1e-2f4d-4b8a-9a61-3c2d5e7f9a10';
const USER_ID = '5d0c1a8e-6f1b-4c3e-8a2d-9b7e4f1c2a30';
const TRANSACTION_ID = '9e3b7a52-1c4d-4f6e-8b0a-2d5c7e9f1a34';
const NOTIFICATION_ID = '3f8a1d2c-7b6e-4a5d-9c0b-1e2f3a4b5c6d';
const TIME = '2026-11-22T10:15:30.123Z';

/** One step of a saga as GET /sagas/{id} shows it; documentation of SagaViews' output. */
export class SagaStepView {
  @ApiProperty({ enum: STEP_NAMES, enumName: 'StepName', example: 'charge-payment' })
  name: StepName;

  @ApiProperty({ enum: Object.keys(STEP_STATUS), enumName: 'StepStatus', example: 'COMPENSATED' })
  status: StepStatus;

  @ApiProperty({ type: 'integer', description: 'Forward attempts made.', example: 1 })
  attempts: number;

  @ApiProperty({ type: 'integer', description: 'Compensation attempts made.', example: 3 })
  compensationAttempts: number;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: "The step's result: `{userId}`, `{transactionId, amount, currency}` or `{notificationId}`; null until it succeeds.",
    example: { transactionId: TRANSACTION_ID, amount: 99.99, currency: 'USD' },
  })
  output: Record<string, unknown> | null;

  @ApiProperty({ type: 'string', nullable: true, description: 'The latest failure of the step or of its compensation.', example: null })
  error: string | null;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, example: TIME })
  startedAt: string | null;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, example: TIME })
  finishedAt: string | null;
}

/** One entry of a saga's audit trail. */
export class SagaHistoryEntryView {
  @ApiProperty({ type: 'integer', description: 'Position in the trail, from 1.', example: 1 })
  seq: number;

  @ApiProperty({ type: 'string', format: 'date-time', example: TIME })
  at: string;

  @ApiProperty({
    type: 'string',
    description:
      'What happened: a module event (`AccountCreated`, `PaymentCharged`, `PaymentDeclined`, `WelcomeEmailFailed`, ...) ' +
      'or a saga decision (`SagaStarted`, `StepSucceeded`, `RetryScheduled`, `StepFailed`, `CompensationTriggered`, ' +
      '`CompensationGivenUp`, `IncidentOpened`, `IncidentResolved`, ...).',
    example: 'AccountCreated',
  })
  type: string;

  @ApiProperty({ type: 'string', nullable: true, description: 'The step concerned; null for saga-wide entries.', example: 'create-account' })
  step: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Details of the entry.', example: { attempt: 1, userId: USER_ID } })
  data: Record<string, unknown>;
}

/** A saga as GET /sagas lists it: everything but the history. */
export class SagaSummaryView {
  @ApiProperty({ type: 'string', format: 'uuid', example: SAGA_ID })
  sagaId: string;

  @ApiProperty({ enum: ['user-registration'], example: 'user-registration' })
  type: 'user-registration';

  @ApiProperty({ enum: SAGA_STATUSES, enumName: 'SagaStatus', example: 'COMPLETED' })
  status: SagaStatus;

  @ApiProperty({ type: 'string', format: 'date-time', example: TIME })
  createdAt: string;

  @ApiProperty({ type: 'string', format: 'date-time', example: TIME })
  updatedAt: string;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, description: 'Null while the saga runs.', example: TIME })
  finishedAt: string | null;

  @ApiProperty({ type: 'string', format: 'email', description: 'As registered, trimmed and lower-cased.', example: 'ada@example.com' })
  email: string;

  @ApiProperty({ type: 'number', example: 99.99 })
  amount: number;

  @ApiProperty({ type: 'string', description: 'ISO 4217 code.', example: 'USD' })
  currency: string;

  @ApiProperty({ type: 'string', nullable: true, description: 'Set once the account exists; kept after compensation.', example: USER_ID })
  userId: string | null;

  @ApiProperty({ type: 'string', nullable: true, description: 'Set once the card is charged; kept after the refund.', example: TRANSACTION_ID })
  transactionId: string | null;

  @ApiProperty({ type: 'string', nullable: true, description: 'Set once the welcome e-mail is sent; kept after cancellation.', example: NOTIFICATION_ID })
  notificationId: string | null;

  @ApiProperty({ type: 'string', nullable: true, description: 'The incident opened when the saga ended PARTIALLY_ROLLED_BACK.', example: null })
  incidentId: string | null;

  @ApiProperty({ type: () => SagaStepView, isArray: true, description: 'In the order they run.' })
  steps: SagaStepView[];
}

/** The saga view of GET /sagas/{id}, POST /registrations and POST /sagas/{id}/retry. */
export class SagaView extends SagaSummaryView {
  @ApiProperty({ type: () => SagaHistoryEntryView, isArray: true, description: 'The audit trail, oldest first.' })
  history: SagaHistoryEntryView[];
}
