import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Injectable } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { UnitOfWork } from '../infra/database/unit-of-work.js';
import { IncidentBook } from './incidents/incident-book.js';
import { RegistrationFlow } from './registration-flow.js';
import { RegistrationStepDispatched } from './registration-step-dispatched.event.js';
import type { RegistrationSnapshot } from './registration-steps.js';
import { retryPolicyFrom, type RetryPolicy } from './retry-policy.js';
import { Saga } from './saga.entity.js';
import { SagaFinished } from './saga-finished.event.js';
import { SagaMetrics } from './saga-metrics.js';
import { SagaNarrator } from './saga-narrator.js';
import type { SagaStep } from './saga-step.entity.js';
import { SagaStore, type StoredSaga } from './saga-store.js';

/**
 * Moves sagas forward: each decision of RegistrationFlow is committed in one transaction with
 * the saga's steps, history and incident, and only then announced on the event bus. A crash
 * between the commit and the announcement loses nothing: the saga still awaits that result,
 * and the scheduler sends the command again (same idempotency key).
 */
@Injectable()
export class SagaRunner {
  private readonly policy: RetryPolicy;
  /** Sagas with an attempt sent by this process and not answered yet. */
  private readonly awaitingHere = new Set<string>();
  /** This process, as the owner of the attempts it sends (see RegistrationFlow on leases). */
  readonly instanceId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly store: SagaStore,
    private readonly incidents: IncidentBook,
    private readonly events: EventBus,
    private readonly narrator: SagaNarrator,
    private readonly metrics: SagaMetrics,
    config: AppConfig,
  ) {
    this.policy = retryPolicyFrom(config);
  }

  /** Inserts a new saga and sends its first command; returns the rows as committed. */
  async start(saga: Saga, steps: SagaStep[]): Promise<StoredSaga> {
    const now = saga.createdAt;
    const flow = new RegistrationFlow(saga, steps, this.policy, now);
    flow.start();
    this.claim(flow);
    const stored = await this.uow.transaction((manager) => this.store.insert(manager, saga, steps, flow.history, now));
    this.announce(flow);
    return stored;
  }

  /**
   * Loads the saga, lets `decide` act on it, and commits whatever it changed. Returns the flow,
   * or null when the saga does not exist. `check` runs first, in the same transaction with the
   * saga locked, and refuses the decision by throwing (what it reads cannot change under it).
   */
  async advance(
    sagaId: string,
    decide: (flow: RegistrationFlow) => void,
    options: { skipLocked?: boolean; check?: (manager: EntityManager, saga: Saga) => Promise<void> } = {},
  ): Promise<RegistrationFlow | null> {
    const flow = await this.uow.transaction(async (manager) => {
      const loaded = await this.store.load(manager, sagaId, options);
      if (!loaded) return null;
      await options.check?.(manager, loaded.saga);
      const now = Date.now();
      const decided = new RegistrationFlow(loaded.saga, loaded.steps, this.policy, now);
      decide(decided);
      if (decided.history.length === 0) return decided;
      this.claim(decided);
      await this.incidents.afterDecision(manager, decided, now);
      await this.store.update(manager, decided.saga, decided.steps, decided.history, now);
      return decided;
    });
    if (flow) this.announce(flow);
    return flow;
  }

  /**
   * Pushes back the lease of every attempt this process has out, so no other instance takes
   * them over while this one lives. One statement, however many attempts.
   */
  async renewLeases(): Promise<void> {
    const until = Date.now() + this.policy.leaseMs;
    await this.uow.transaction((manager) =>
      manager
        .createQueryBuilder()
        .update(Saga)
        .set({ wakeAt: () => `CASE WHEN deadline_at < ${until} THEN deadline_at ELSE ${until} END` })
        .where({ owner: this.instanceId, awaiting: 'result' })
        .execute(),
    );
  }

  /** Resolves once no attempt sent by this process is unanswered, or after `timeoutMs`. */
  async drain(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.awaitingHere.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  }

  private claim(flow: RegistrationFlow): void {
    flow.saga.owner = ownerAfter(flow, this.instanceId);
  }

  private announce(flow: RegistrationFlow): void {
    this.narrator.narrate(flow.saga, flow.history);
    this.metrics.record(flow.history);
    const { saga, dispatch } = flow;
    if (dispatch) {
      this.awaitingHere.add(saga.id);
      this.events.publish(new RegistrationStepDispatched(saga.id, dispatch.step, dispatch.direction, dispatch.attempt, snapshotOf(saga)));
    } else if (saga.awaiting !== 'result') {
      this.awaitingHere.delete(saga.id);
    }
    if (flow.justFinished) this.events.publish(new SagaFinished(saga.id, saga.status));
  }
}

/** The instance that sends an attempt owns it; a saga with nothing out has no owner. */
function ownerAfter(flow: RegistrationFlow, instanceId: string): string | null {
  return flow.saga.awaiting === 'result' ? (flow.dispatch ? instanceId : flow.saga.owner) : null;
}

function snapshotOf(saga: Saga): RegistrationSnapshot {
  return {
    email: saga.email,
    name: saga.name,
    amountCents: saga.amountCents,
    currency: saga.currency,
    paymentMethod: saga.paymentMethod,
    userId: saga.userId,
    transactionId: saga.transactionId,
    notificationId: saga.notificationId,
  };
}
