import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SAGA_STATUSES, type SagaStatus, STEP_STATUSES, type StepStatus } from '../engine/saga-status.js';

const SAGA_ID = '0b6f7c1e-2f4d-4b8a-9a61-3c2d5e7f9a10';
const USER_ID = '5d0c1a8e-6f1b-4c3e-8a2d-9b7e4f1c2a30';
const TRANSACTION_ID = '9e3b7a52-1c4d-4f6e-8b0a-2d5c7e9f1a34';
const NOTIFICATION_ID = '3f8a1d2c-7b6e-4a5d-9c0b-1e2f3a4b5c6d';
const TIME = '2026-11-22T10:15:30.123Z';

/** One step of a saga as GET /sagas/{id} shows it; documentation of SagaViews' output. */
export class SagaStepView {
  @ApiProperty({ type: 'string', description: "The step's name in its saga's definition." })
  name: string;

  @ApiProperty({
    enum: ['compensatable', 'pivot', 'retriable'],
    nullable: true,
    description: 'compensatable: undone when a later step fails; pivot: past it the saga only goes forward; retriable: retried until it succeeds. Null for a saga whose definition version is not registered.',
    example: 'compensatable',
  })
  kind: string | null;

  @ApiProperty({ enum: STEP_STATUSES, enumName: 'StepStatus', example: 'COMPENSATED' })
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

  @ApiProperty({
    type: 'object',
    nullable: true,
    description: 'What applies to this step (its own settings over the SAGA_* defaults); null attempts: retried until it succeeds.',
    properties: {
      timeoutMs: { type: 'integer' },
      maxAttempts: { type: 'integer', nullable: true },
      compensationTimeoutMs: { type: 'integer', nullable: true },
      compensationMaxAttempts: { type: 'integer', nullable: true },
    },
    example: { timeoutMs: 30000, maxAttempts: 3, compensationTimeoutMs: 60000, compensationMaxAttempts: 5 },
  })
  policy: Record<string, number | null> | null;
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

  @ApiProperty({ type: 'string', nullable: true, description: 'The step concerned; null for saga-wide entries.' })
  step: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Details of the entry.', example: { attempt: 1, userId: USER_ID } })
  data: Record<string, unknown>;
}

/** A saga as GET /sagas lists it: everything but the history. */
export class SagaSummaryView {
  @ApiProperty({ type: 'string', format: 'uuid', example: SAGA_ID })
  sagaId: string;

  @ApiProperty({ type: 'string', description: 'The saga definition it runs: `user-registration`, `account-closure`.', example: 'user-registration' })
  type: string;

  @ApiProperty({ type: 'integer', description: 'The version of the definition the saga started with; it never runs under another.', example: 1 })
  definitionVersion: number;

  @ApiProperty({ enum: SAGA_STATUSES, enumName: 'SagaStatus', example: 'COMPLETED' })
  status: SagaStatus;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'Why an unfinished saga does not run: its definition version is not registered in this service. Null otherwise.',
    example: null,
  })
  blocked: string | null;

  @ApiProperty({ type: 'string', format: 'date-time', example: TIME })
  createdAt: string;

  @ApiProperty({ type: 'string', format: 'date-time', example: TIME })
  updatedAt: string;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, description: 'Null while the saga runs.', example: TIME })
  finishedAt: string | null;

  @ApiPropertyOptional({ type: 'string', format: 'email', description: 'Registration and closure: the account\'s e-mail, trimmed and lower-cased.', example: 'ada@example.com' })
  email?: string;

  @ApiPropertyOptional({ type: 'number', description: 'Registration: the fee charged.', example: 99.99 })
  amount?: number;

  @ApiPropertyOptional({ type: 'string', description: 'Registration: ISO 4217 code.', example: 'USD' })
  currency?: string;

  @ApiPropertyOptional({ type: 'string', nullable: true, description: 'Set once the account exists (registration) or from the start (closure); kept after compensation.', example: USER_ID })
  userId?: string | null;

  @ApiPropertyOptional({ type: 'string', nullable: true, description: 'Registration: set once the card is charged; kept after the refund.', example: TRANSACTION_ID })
  transactionId?: string | null;

  @ApiPropertyOptional({ type: 'string', nullable: true, description: 'Registration: set once the welcome e-mail is sent; kept after cancellation.', example: NOTIFICATION_ID })
  notificationId?: string | null;

  @ApiPropertyOptional({ type: 'string', nullable: true, description: 'Closure: set once the registration charge is refunded (null when there was nothing to refund).', example: null })
  refundId?: string | null;

  @ApiPropertyOptional({ type: 'string', nullable: true, description: 'Closure: the reason given with the request.', example: 'asked by the customer' })
  reason?: string | null;

  @ApiProperty({ type: 'string', nullable: true, description: 'The incident opened when the saga ended PARTIALLY_ROLLED_BACK.', example: null })
  incidentId: string | null;

  @ApiProperty({ type: () => SagaStepView, isArray: true, description: 'In the order they run.' })
  steps: SagaStepView[];
}

/** One webhook event of a saga and how its delivery stands (WEBHOOK_URL set). */
export class SagaWebhookView {
  @ApiProperty({ type: 'string', description: 'The event id, sent as Webhook-Id on every attempt.', example: '019ad3c4-7b6e-7a5d-9c0b-1e2f3a4b5c6d' })
  id: string;

  @ApiProperty({ type: 'string', enum: ['saga.completed', 'saga.rolled_back', 'saga.partially_rolled_back', 'incident.opened', 'incident.resolved'], example: 'saga.completed' })
  type: string;

  @ApiProperty({ enum: ['PENDING', 'DELIVERED', 'ABANDONED'], description: 'ABANDONED: still failing after the retry period.', example: 'DELIVERED' })
  status: string;

  @ApiProperty({ type: 'integer', description: 'Delivery attempts made.', example: 1 })
  attempts: number;

  @ApiProperty({ type: 'string', format: 'date-time', example: TIME })
  createdAt: string;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, description: 'The next attempt, while PENDING.', example: null })
  nextAttemptAt: string | null;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, example: TIME })
  deliveredAt: string | null;

  @ApiProperty({ type: 'string', nullable: true, description: 'Why the last attempt failed.', example: null })
  lastError: string | null;
}

/** The saga view of GET /sagas/{id}, POST /registrations and POST /sagas/{id}/retry. */
export class SagaView extends SagaSummaryView {
  @ApiProperty({ type: () => SagaHistoryEntryView, isArray: true, description: 'The audit trail, oldest first.' })
  history: SagaHistoryEntryView[];

  @ApiProperty({ type: () => SagaWebhookView, isArray: true, description: 'Its webhook events, oldest first (none while WEBHOOK_URL is unset).' })
  webhooks: SagaWebhookView[];
}
