import { createHash } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { newId } from '../../infra/database/new-id.js';
import { isUniqueViolation } from '../../infra/database/unique-violation.js';
import { UnitOfWork } from '../../infra/database/unit-of-work.js';
import { STEP_NAMES } from './registration-steps.js';
import type { Saga } from '../engine/saga.entity.js';
import { SagaErrors } from '../engine/saga.errors.js';
import { SagaRunner } from '../engine/saga-runner.js';
import { SagaStore } from '../engine/saga-store.js';
import type { SagaStep } from '../engine/saga-step.entity.js';
import { type RegistrationRequest, type RegistrationStarted, StartRegistration } from './start-registration.command.js';

/**
 * Both races a registration can lose are settled by unique constraints, not by looking first:
 * the e-mail lock (two registrations of one address: 409) and the idempotency key (the same
 * request twice: one saga).
 */
@CommandHandler(StartRegistration)
export class StartRegistrationHandler implements ICommandHandler<StartRegistration> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly store: SagaStore,
    private readonly runner: SagaRunner,
  ) {}

  async execute({ request, idempotencyKey }: StartRegistration): Promise<RegistrationStarted> {
    const requestHash = fingerprint(request);
    if (idempotencyKey) {
      const earlier = await this.findByKey(idempotencyKey);
      if (earlier) return this.replay(earlier, idempotencyKey, requestHash);
    }
    const saga = newSaga(request, idempotencyKey, requestHash);
    try {
      const started = await this.runner.start(saga, newSteps(saga.id));
      return { sagaId: saga.id, replayed: false, status: saga.status, started };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const earlier = idempotencyKey ? await this.findByKey(idempotencyKey) : null;
      if (earlier) return this.replay(earlier, idempotencyKey!, requestHash);
      throw SagaErrors.emailTaken(request.email);
    }
  }

  private replay(earlier: Saga, key: string, requestHash: string): RegistrationStarted {
    if (earlier.requestHash !== requestHash) throw SagaErrors.idempotencyKeyReused(key);
    return { sagaId: earlier.id, replayed: true, status: earlier.status, started: null };
  }

  private findByKey(idempotencyKey: string) {
    return this.uow.read((manager) => this.store.findByIdempotencyKey(manager, idempotencyKey));
  }
}

function fingerprint(request: RegistrationRequest): string {
  const { email, name, amountCents, currency, paymentMethod } = request;
  return createHash('sha256').update(JSON.stringify([email, name, amountCents, currency, paymentMethod])).digest('hex');
}

function newSaga(request: RegistrationRequest, idempotencyKey: string | null, requestHash: string): Saga {
  const now = Date.now();
  return {
    id: newId(),
    type: 'user-registration',
    status: 'RUNNING',
    ...request,
    emailLock: request.email,
    idempotencyKey,
    requestHash,
    userId: null,
    transactionId: null,
    notificationId: null,
    incidentId: null,
    phase: 'forward',
    stepIndex: 0,
    awaiting: null,
    wakeAt: null,
    deadlineAt: null,
    owner: null,
    attemptSentAt: null,
    activationAttempts: 0,
    historySeq: 0,
    createdAt: now,
    updatedAt: now,
    finishedAt: null,
  };
}

function newSteps(sagaId: string): SagaStep[] {
  return STEP_NAMES.map((name, position) => ({
    sagaId,
    position,
    name,
    status: 'PENDING',
    attempts: 0,
    compensationAttempts: 0,
    output: null,
    error: null,
    startedAt: null,
    finishedAt: null,
  }));
}
