import { Injectable } from '@nestjs/common';
import { Brackets, type EntityManager, In } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { UnitOfWork } from '../infra/database/unit-of-work.js';
import { isoTime as iso } from '../infra/http/iso-time.js';
import { decodePageCursor, encodePageCursor } from '../infra/http/page-cursor.js';
import { fromMinorUnits } from '../infra/money/iso-currency.js';
import { Saga, type SagaStatus, UNFINISHED_SAGA_STATUSES } from './saga.entity.js';
import { SagaErrors } from './saga.errors.js';
import { SagaStep } from './saga-step.entity.js';
import { SagaStore, type StoredSaga } from './saga-store.js';


/** The saga view of the contract: read side only. */
@Injectable()
export class SagaViews {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly store: SagaStore,
    private readonly config: AppConfig,
  ) {}

  async get(sagaId: string) {
    const found = await this.uow.read((manager) => this.store.findWithHistory(manager, sagaId));
    if (!found) throw SagaErrors.notFound(sagaId);
    return this.present(found);
  }

  /** The view of a saga already read (or just written). */
  present({ saga, steps, history }: StoredSaga) {
    return { ...summarize(saga, steps), history: history.map((h) => ({ seq: h.seq, at: iso(h.at), type: h.type, step: h.step, data: h.data })) };
  }

  async status(sagaId: string): Promise<SagaStatus | null> {
    const saga = await this.uow.read((manager) => this.store.find(manager, sagaId));
    return saga?.status ?? null;
  }

  /** Newest first, `limit` at a time; the cursor is the last item's (createdAt, id). */
  async list(options: { status?: SagaStatus; limit: number; cursor?: string; stuck?: boolean }) {
    return this.uow.read(async (manager) => {
      const query = manager.createQueryBuilder(Saga, 's').orderBy('s.created_at', 'DESC').addOrderBy('s.id', 'DESC').take(options.limit + 1);
      if (options.status) query.andWhere('s.status = :status', { status: options.status });
      if (options.stuck) {
        query
          .andWhere('s.status IN (:...unfinished)', { unfinished: UNFINISHED_SAGA_STATUSES })
          .andWhere('s.created_at < :stuckBefore', { stuckBefore: Date.now() - this.config.SAGA_STUCK_AFTER_MS });
      }
      const after = options.cursor === undefined ? null : decodePageCursor(options.cursor);
      if (options.cursor !== undefined && !after) throw SagaErrors.badCursor();
      if (after) {
        query.andWhere(
          new Brackets((q) =>
            q.where('s.created_at < :createdAt', after).orWhere('s.created_at = :createdAt AND s.id < :id', after),
          ),
        );
      }
      const page = await query.getMany();
      const items = page.slice(0, options.limit);
      const steps = await this.stepsOf(manager, items.map((s) => s.id));
      const last = items[items.length - 1];
      return {
        items: items.map((saga) => summarize(saga, steps.get(saga.id) ?? [])),
        nextCursor: page.length > options.limit ? encodePageCursor({ createdAt: last.createdAt, id: last.id }) : null,
      };
    });
  }

  private async stepsOf(manager: EntityManager, sagaIds: string[]) {
    const bySaga = new Map<string, SagaStep[]>();
    if (sagaIds.length === 0) return bySaga;
    const steps = await manager.find(SagaStep, { where: { sagaId: In(sagaIds) }, order: { position: 'ASC' } });
    for (const step of steps) bySaga.set(step.sagaId, [...(bySaga.get(step.sagaId) ?? []), step]);
    return bySaga;
  }
}

function summarize(saga: Saga, steps: SagaStep[]) {
  return {
    sagaId: saga.id,
    type: saga.type,
    status: saga.status,
    createdAt: iso(saga.createdAt),
    updatedAt: iso(saga.updatedAt),
    finishedAt: iso(saga.finishedAt),
    email: saga.email,
    amount: fromMinorUnits(saga.amountCents, saga.currency),
    currency: saga.currency,
    userId: saga.userId,
    transactionId: saga.transactionId,
    notificationId: saga.notificationId,
    incidentId: saga.incidentId,
    steps: steps.map((step) => ({
      name: step.name,
      status: step.status,
      attempts: step.attempts,
      compensationAttempts: step.compensationAttempts,
      output: step.output,
      error: step.error,
      startedAt: iso(step.startedAt),
      finishedAt: iso(step.finishedAt),
    })),
  };
}
