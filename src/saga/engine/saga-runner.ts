import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Injectable } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../../config/app-config.js';
import { newId } from '../../infra/database/new-id.js';
import { UnitOfWork } from '../../infra/database/unit-of-work.js';
import { IncidentBook } from '../incidents/incident-book.js';
import { decide, type SagaInput } from './decider/saga-decider.js';
import { SagaDecision } from './decider/saga-decision.js';
import type { SagaDefinition } from './saga-definition.js';
import { SagaErrors } from './saga.errors.js';
import { SagaFinished } from './saga-finished.event.js';
import type { SagaInstance } from './saga-instance.entity.js';
import { SagaMetrics } from './saga-metrics.js';
import { SagaNarrator } from './saga-narrator.js';
import { SagaRegistry } from './saga-registry.js';
import { SagaSpans } from './saga-spans.js';
import type { SagaStep } from './saga-step.entity.js';
import { SagaStore, type StoredSaga } from './saga-store.js';
import { searchKeysOf } from './search-keys.js';
import { StepDispatched } from './step-dispatched.event.js';
import { engineSettingsFrom, type EngineSettings } from './step-policy.js';

/** How a new saga is started: its lock and idempotency key come from the caller. */
export interface StartOptions {
  /** The caller's Idempotency-Key; stored as `<type>:<key>`. */
  idempotencyKey: string | null;
  requestHash: string | null;
  /** The caller's W3C `traceparent`: the saga's trace continues it (tracing on). */
  traceParent?: string | null;
}

/** What `advance` may check or skip before it decides (see there). */
export interface AdvanceOptions {
  skipLocked?: boolean;
  check?: (manager: EntityManager, saga: SagaInstance) => Promise<void>;
  /** The saga's load, already sent in this transaction (`load`): decide on it instead of loading again. */
  loaded?: Promise<{ saga: SagaInstance; steps: SagaStep[] } | null>;
}

/**
 * Moves sagas forward: each decision is committed in one transaction with the saga's steps,
 * history and incident (a module's answer: in the module's transaction, see AnswerRecording),
 * and only then announced on the event bus. A crash between the commit
 * and the announcement loses nothing: the saga still awaits that result, and the scheduler
 * sends the command again (same idempotency key).
 */
@Injectable()
export class SagaRunner {
  readonly settings: EngineSettings;
  /** Sagas with an attempt sent by this process and not answered yet. */
  private readonly awaitingHere = new Set<string>();
  /** This process, as the owner of the attempts it sends (see attempt-clock on leases). */
  readonly instanceId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly store: SagaStore,
    private readonly registry: SagaRegistry,
    private readonly incidents: IncidentBook,
    private readonly events: EventBus,
    private readonly narrator: SagaNarrator,
    private readonly metrics: SagaMetrics,
    private readonly spans: SagaSpans,
    config: AppConfig,
  ) {
    this.settings = engineSettingsFrom(config);
  }

  /**
   * Inserts a new saga of `definition` and sends its first command; returns the rows as
   * committed. A lock or key already taken fails with the database's unique violation.
   */
  async start<I>(definition: SagaDefinition<I>, input: I, options: StartOptions): Promise<StoredSaga> {
    const now = Date.now();
    const saga = newSaga(definition, input, options, now);
    const decision = new SagaDecision(definition as SagaDefinition<never>, saga, newSteps(definition, saga.id), this.settings, now);
    decide(decision, { type: 'Start' });
    saga.searchKeys = searchKeysOf(decision.definition, input, {});
    saga.traceParent = this.spans.begin(saga, options.traceParent, now);
    this.claim(decision);
    const stored = await this.uow.transaction((manager) => this.store.insert(manager, saga, decision.steps, decision.history, now), saga.id);
    this.announce(decision);
    return stored;
  }

  /**
   * Loads the saga, decides on `input`, and commits whatever changed. `input` may be chosen from
   * the saga's state (an operator's request), and that choice may throw to refuse; `check` runs
   * first, in the same transaction with the saga locked, and refuses by throwing (what it reads
   * cannot change under it). Returns the decision, or null when the saga does not exist.
   */
  async advance(sagaId: string, input: SagaInput | ((decision: SagaDecision) => SagaInput), options: AdvanceOptions = {}): Promise<SagaDecision | null> {
    const decision = await this.uow.transaction((manager) => this.decideWithin(manager, sagaId, input, options), sagaId);
    if (decision) this.announce(decision);
    return decision;
  }

  /** The saga and its steps, locked (SagaStore.load): what `decideWithin` decides on, unless handed it. */
  load(manager: EntityManager, sagaId: string, options: { skipLocked?: boolean } = {}): Promise<{ saga: SagaInstance; steps: SagaStep[] } | null> {
    return this.store.load(manager, sagaId, options);
  }

  /**
   * `advance` inside the caller's transaction (a module's, see AnswerRecording), without the
   * announcement: the caller calls `announce` once that transaction has committed, never before.
   */
  async decideWithin(
    manager: EntityManager,
    sagaId: string,
    input: SagaInput | ((decision: SagaDecision) => SagaInput),
    options: AdvanceOptions = {},
  ): Promise<SagaDecision | null> {
    const loaded = await (options.loaded ?? this.load(manager, sagaId, options));
    if (!loaded) return null;
    const definition = this.registry.find(loaded.saga.type, loaded.saga.definitionVersion);
    if (!definition) throw SagaErrors.blocked(loaded.saga);
    await options.check?.(manager, loaded.saga);
    const now = Date.now();
    const decided = new SagaDecision(definition, loaded.saga, loaded.steps, this.settings, now);
    decide(decided, typeof input === 'function' ? input(decided) : input);
    if (decided.history.length === 0) return decided;
    decided.saga.searchKeys = searchKeysOf(definition, decided.saga.input, decided.outputs());
    this.claim(decided);
    await this.incidents.afterDecision(manager, decided, now);
    await this.store.releaseLocks(manager, decided.releasedLocks);
    await this.store.update(manager, decided.saga, decided.steps, decided.history, now);
    return decided;
  }

  /**
   * Pushes back the lease of every attempt this process has out, so no other instance takes
   * them over while this one lives. One statement, however many attempts.
   */
  async renewLeases(): Promise<void> {
    const until = Date.now() + this.settings.leaseMs;
    await this.uow.transaction((manager) =>
      manager
        .createQueryBuilder()
        .update('sagas')
        .set({ wakeAt: () => `CASE WHEN deadline_at < ${until} THEN deadline_at ELSE ${until} END` })
        .where('owner = :owner AND awaiting = :awaiting', { owner: this.instanceId, awaiting: 'result' })
        .execute(),
    );
  }

  /** Resolves once no attempt sent by this process is unanswered, or after `timeoutMs`. */
  async drain(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.awaitingHere.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  }

  /** The instance that sends an attempt owns it; a saga with nothing out has no owner. */
  private claim(decision: SagaDecision): void {
    const { saga } = decision;
    saga.owner = saga.awaiting === 'result' ? (decision.dispatch ? this.instanceId : saga.owner) : null;
  }

  /** Tells the process what a committed decision did: narration, metrics, spans, the next command. */
  announce(decision: SagaDecision): void {
    const { saga, dispatch, definition } = decision;
    this.narrator.narrate(saga, definition, decision.history);
    this.metrics.record(saga.type, decision.history);
    this.spans.record(saga, definition, decision.history, Date.now());
    if (dispatch) {
      this.awaitingHere.add(saga.id);
      const step = definition.steps[dispatch.position];
      const name = dispatch.direction === 'forward' ? step.name : step.compensation!.name;
      this.events.publish(
        new StepDispatched({
          type: saga.type,
          version: saga.definitionVersion,
          correlation: { sagaId: saga.id, step: name, attempt: dispatch.attempt },
          direction: dispatch.direction,
          position: dispatch.position,
          idempotencyKey: `${saga.id}:${step.name}:${dispatch.direction}`,
          input: saga.input,
          outputs: decision.outputs(),
        }),
      );
    } else if (saga.awaiting !== 'result') {
      this.awaitingHere.delete(saga.id);
    }
    if (decision.justFinished) this.events.publish(new SagaFinished(saga.id, saga.status));
  }
}

function newSaga<I>(definition: SagaDefinition<I>, input: I, options: StartOptions, now: number): SagaInstance {
  return {
    id: newId(),
    type: definition.type,
    definitionVersion: definition.version,
    status: 'RUNNING',
    input: input as Record<string, unknown>,
    lockKey: definition.lock?.(input) ?? null,
    searchKeys: null,
    idempotencyKey: options.idempotencyKey === null ? null : `${definition.type}:${options.idempotencyKey}`,
    requestHash: options.requestHash,
    incidentId: null,
    direction: 'forward',
    stepIndex: 0,
    awaiting: null,
    wakeAt: null,
    deadlineAt: null,
    owner: null,
    attemptSentAt: null,
    historySeq: 0,
    createdAt: now,
    updatedAt: now,
    finishedAt: null,
    traceParent: null,
  };
}

function newSteps(definition: SagaDefinition<never>, sagaId: string): SagaStep[] {
  return definition.steps.map(({ name }, position) => ({
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
