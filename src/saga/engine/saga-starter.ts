import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { isUniqueViolation } from '../../infra/database/unique-violation.js';
import { UnitOfWork } from '../../infra/database/unit-of-work.js';
import { SagaRegistry } from './saga-registry.js';
import { SagaRunner } from './saga-runner.js';
import type { SagaStatus } from './saga-status.js';
import { SagaStore, type StoredSaga } from './saga-store.js';

/** What a start request came to. Refusals are results, so each saga's route words its own error. */
export type StartResult =
  | { outcome: 'started'; sagaId: string; status: SagaStatus; started: StoredSaga }
  | { outcome: 'replayed'; sagaId: string; status: SagaStatus }
  /** The same Idempotency-Key came with a different request. */
  | { outcome: 'key-reused' }
  /** The definition's semantic lock is held by another saga. */
  | { outcome: 'locked' };

/**
 * What a start command answers: the saga's id, whether an earlier request with the same key had
 * started it, its status then (read for a replay, written for a new saga), and, for a saga this
 * request started, the rows it committed.
 */
export interface SagaStarted {
  sagaId: string;
  replayed: boolean;
  status: SagaStatus;
  started: StoredSaga | null;
}

/** A start's answer, or the saga type's own error for a reused key or a held lock. */
export function startedOrRefused(result: StartResult, refusals: { keyReused: () => Error; locked: () => Error }): SagaStarted {
  switch (result.outcome) {
    case 'started':
      return { sagaId: result.sagaId, replayed: false, status: result.status, started: result.started };
    case 'replayed':
      return { sagaId: result.sagaId, replayed: true, status: result.status, started: null };
    case 'key-reused':
      throw refusals.keyReused();
    case 'locked':
      throw refusals.locked();
  }
}

/**
 * Starts a saga of the newest registered version of a type, or finds the one an earlier request
 * with the same Idempotency-Key started. Both races are settled by unique constraints, not by
 * looking first: the lock (two sagas on one thing) and the key (the same request twice).
 */
@Injectable()
export class SagaStarter {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly store: SagaStore,
    private readonly registry: SagaRegistry,
    private readonly runner: SagaRunner,
  ) {}

  /**
   * `request` is what the Idempotency-Key's fingerprint covers (the input by default);
   * `precheck` runs before a new saga starts (never for a replay), and throws to refuse.
   */
  async start(
    type: string,
    input: unknown,
    idempotencyKey: string | null,
    request: unknown = input,
    precheck?: () => Promise<void>,
    traceParent: string | null = null,
  ): Promise<StartResult> {
    const requestHash = fingerprint(request);
    const scopedKey = idempotencyKey === null ? null : `${type}:${idempotencyKey}`;
    if (scopedKey) {
      const earlier = await this.findByKey(scopedKey);
      if (earlier) return earlier.requestHash === requestHash ? { outcome: 'replayed', sagaId: earlier.id, status: earlier.status } : { outcome: 'key-reused' };
    }
    await precheck?.();
    try {
      const started = await this.runner.start(this.registry.latest(type), input as never, { idempotencyKey, requestHash, traceParent });
      return { outcome: 'started', sagaId: started.saga.id, status: started.saga.status, started };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const earlier = scopedKey ? await this.findByKey(scopedKey) : null;
      if (!earlier) return { outcome: 'locked' };
      return earlier.requestHash === requestHash ? { outcome: 'replayed', sagaId: earlier.id, status: earlier.status } : { outcome: 'key-reused' };
    }
  }

  private findByKey(key: string) {
    return this.uow.read((manager) => this.store.findByIdempotencyKey(manager, key));
  }
}

function fingerprint(request: unknown): string {
  return createHash('sha256').update(JSON.stringify(request)).digest('hex');
}
