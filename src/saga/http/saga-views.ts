import { Injectable } from '@nestjs/common';
import { Brackets, type EntityManager, In } from 'typeorm';
import { AppConfig } from '../../config/app-config.js';
import { UnitOfWork } from '../../infra/database/unit-of-work.js';
import { isoTime as iso } from '../../infra/http/iso-time.js';
import { decodePageCursor, encodePageCursor } from '../../infra/http/page-cursor.js';
import { outputsOf } from '../engine/decider/saga-decision.js';
import { blockedReason, SagaErrors } from '../engine/saga.errors.js';
import { SagaInstance } from '../engine/saga-instance.entity.js';
import { SagaRegistry } from '../engine/saga-registry.js';
import { isFinal, type SagaStatus, UNFINISHED_SAGA_STATUSES } from '../engine/saga-status.js';
import { SagaStep } from '../engine/saga-step.entity.js';
import { SagaStore, type StoredSaga } from '../engine/saga-store.js';
import { searchNeedle } from '../engine/search-keys.js';
import { policyOf } from '../engine/step-policy.js';
import { SagaRunner } from '../engine/saga-runner.js';
import type { WebhookDelivery } from '../webhooks/webhook-delivery.entity.js';
import { WebhookOutbox } from '../webhooks/webhook-outbox.js';
import { EMAIL_KEY_EXPRESSION, emailKeyOf } from './email-search-key.js';

export interface ListOptions {
  status?: SagaStatus;
  type?: string;
  limit: number;
  cursor?: string;
  stuck?: boolean;
  createdFrom?: number;
  createdTo?: number;
  email?: string;
  userId?: string;
}

/**
 * The saga view of the contract, for a saga of any type: the engine's fields, the steps its
 * definition lists, the fields the definition adds (`view`), and the history. Read side only.
 */
@Injectable()
export class SagaViews {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly store: SagaStore,
    private readonly registry: SagaRegistry,
    private readonly runner: SagaRunner,
    private readonly config: AppConfig,
    private readonly outbox: WebhookOutbox,
  ) {}

  async get(sagaId: string) {
    const found = await this.uow.read(async (manager) => {
      const stored = await this.store.findWithHistory(manager, sagaId);
      return stored && { stored, webhooks: await this.outbox.ofSaga(manager, sagaId) };
    });
    if (!found) throw SagaErrors.notFound(sagaId);
    return this.present(found.stored, found.webhooks);
  }

  /** The view of a saga already read (or just written). */
  present({ saga, steps, history }: StoredSaga, webhooks: WebhookDelivery[] = []) {
    return {
      ...this.summarize(saga, steps),
      history: history.map((h) => ({ seq: h.seq, at: iso(h.at), type: h.type, step: h.step, data: h.data })),
      webhooks: webhooks.map((d) => ({
        id: d.id,
        type: d.type,
        status: d.status,
        attempts: d.attempts,
        createdAt: iso(d.createdAt),
        nextAttemptAt: d.status === 'PENDING' ? iso(d.nextAttemptAt) : null,
        deliveredAt: iso(d.deliveredAt),
        lastError: d.lastError,
      })),
    };
  }

  async status(sagaId: string): Promise<SagaStatus | null> {
    const saga = await this.uow.read((manager) => this.store.find(manager, sagaId));
    return saga?.status ?? null;
  }

  /** Newest first, `limit` at a time; the cursor is the last item's (createdAt, id). */
  async list(options: ListOptions) {
    return this.uow.readApart(async (manager) => {
      const query = manager.createQueryBuilder(SagaInstance, 's').orderBy('s.created_at', 'DESC').addOrderBy('s.id', 'DESC').take(options.limit + 1);
      if (options.status) query.andWhere('s.status = :status', { status: options.status });
      // lower(type): the expression of IDX_sagas_type_created (types are lower-case already).
      if (options.type) query.andWhere('lower(s.type) = :type', { type: options.type });
      if (options.createdFrom !== undefined) query.andWhere('s.created_at >= :createdFrom', { createdFrom: options.createdFrom });
      if (options.createdTo !== undefined) query.andWhere('s.created_at <= :createdTo', { createdTo: options.createdTo });
      // instr/strpos rather than LIKE: an e-mail may hold `_`, which LIKE would read as a wildcard.
      const contains = this.uow.isPostgres ? 'strpos(s.search_keys, :{p}) > 0' : 'instr(s.search_keys, :{p}) > 0';
      if (options.email) {
        // Narrowed through IDX_sagas_email_key, then matched exactly.
        const email = options.email.toLowerCase();
        query
          .andWhere(`${EMAIL_KEY_EXPRESSION[this.uow.isPostgres ? 'postgres' : 'sqlite']} = :emailKey`, { emailKey: emailKeyOf(email) })
          .andWhere(contains.replace('{p}', 'email'), { email: searchNeedle('email', email) });
      }
      if (options.userId) query.andWhere(contains.replace('{p}', 'userId'), { userId: searchNeedle('userId', options.userId) });
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
        items: items.map((saga) => this.summarize(saga, steps.get(saga.id) ?? [])),
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

  private summarize(saga: SagaInstance, steps: SagaStep[]) {
    const definition = this.registry.find(saga.type, saga.definitionVersion);
    const outputs = outputsOf(steps);
    return {
      sagaId: saga.id,
      type: saga.type,
      definitionVersion: saga.definitionVersion,
      status: saga.status,
      blocked: !definition && !isFinal(saga.status) ? blockedReason(saga.type, saga.definitionVersion) : null,
      createdAt: iso(saga.createdAt),
      updatedAt: iso(saga.updatedAt),
      finishedAt: iso(saga.finishedAt),
      ...(definition?.view?.(saga.input as never, outputs) ?? {}),
      incidentId: saga.incidentId,
      steps: steps
        .filter((_, position) => definition?.steps[position]?.listed !== false)
        .map((step) => {
          const stepDefinition = definition?.steps[step.position];
          return {
            name: step.name,
            kind: stepDefinition?.kind ?? null,
            status: step.status,
            attempts: step.attempts,
            compensationAttempts: step.compensationAttempts,
            output: step.output,
            error: step.error,
            startedAt: iso(step.startedAt),
            finishedAt: iso(step.finishedAt),
            policy: stepDefinition ? policyView(stepDefinition, this.runner) : null,
          };
        }),
    };
  }
}

/** The timeout and attempt budget that apply to a step and its compensation (`null` attempts: until it succeeds). */
function policyView(step: Parameters<typeof policyOf>[0], runner: SagaRunner) {
  const forward = policyOf(step, 'forward', runner.settings);
  const compensation = step.compensation ? policyOf(step, 'compensate', runner.settings) : null;
  const finite = (n: number) => (Number.isFinite(n) ? n : null);
  return {
    timeoutMs: forward.timeoutMs,
    maxAttempts: finite(forward.maxAttempts),
    compensationTimeoutMs: compensation?.timeoutMs ?? null,
    compensationMaxAttempts: compensation ? finite(compensation.maxAttempts) : null,
  };
}
