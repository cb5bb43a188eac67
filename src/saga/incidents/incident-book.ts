import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { UnitOfWork } from '../../infra/database/unit-of-work.js';
import type { SagaDecision } from '../engine/decider/saga-decision.js';
import type { SagaEvent } from '../engine/saga-event.js';
import { SagaErrors } from '../engine/saga.errors.js';
import { SagaInstance } from '../engine/saga-instance.entity.js';
import { SagaStore } from '../engine/saga-store.js';
import { effectsInPlace } from './effects-in-place.js';
import { incidentSummary, stuckSummary } from './incident-summary.js';
import { Incident } from './incident.entity.js';
import { IncidentErrors } from './incidents.errors.js';

/**
 * Opens an incident when a saga ends partially rolled back (or is stuck past its pivot), and
 * closes it when that is mended. The words come from the saga's definition.
 */
@Injectable()
export class IncidentBook {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly store: SagaStore,
  ) {}

  /** Called in the saga's transaction after each decision. */
  async afterDecision(manager: EntityManager, flow: SagaDecision, now: number): Promise<void> {
    const { saga, steps, definition } = flow;
    const subject = definition.subject?.(saga.input as never) ?? `${saga.type} saga`;
    const stuck = flow.history.find((e): e is Extract<SagaEvent, { type: 'SagaStuck' }> => e.type === 'SagaStuck');
    if (saga.status === 'PARTIALLY_ROLLED_BACK' && flow.justFinished) {
      const inPlace = effectsInPlace(definition, saga, steps);
      const effects = inPlace.map((e) => e.effect);
      const actions = inPlace.map((e) => e.action);
      const reopened = saga.incidentId !== null;
      saga.incidentId ??= await this.nextId(manager, now);
      const summary = incidentSummary(subject, saga.id, saga.incidentId, effects, actions);
      if (reopened) {
        await manager.update(Incident, { id: saga.incidentId }, { status: 'OPEN', summary, effectsInPlace: effects, resolvedAt: null, resolvedBy: null });
      } else {
        await manager.insert(Incident, { id: saga.incidentId, sagaId: saga.id, status: 'OPEN', summary, effectsInPlace: effects, createdAt: now, resolvedAt: null, note: null, resolvedBy: null });
      }
      flow.record({ type: 'IncidentOpened', step: null, data: { incidentId: saga.incidentId, effectsInPlace: effects, actions } });
    } else if (stuck) {
      const { done, left, error, stuckAfterMs } = stuck.data;
      const effects = [`Done: ${done.join(', ') || 'nothing'}`, `Left: ${left.join(', ')}${error ? ` (failing: ${error})` : ''}`];
      const actions = [`fix what makes ${left[0]} fail`, `POST /sagas/${saga.id}/retry to retry at once`];
      saga.incidentId = await this.nextId(manager, now);
      const summary = stuckSummary(subject, saga.id, saga.incidentId, stuckAfterMs, effects);
      await manager.insert(Incident, { id: saga.incidentId, sagaId: saga.id, status: 'OPEN', summary, effectsInPlace: effects, createdAt: now, resolvedAt: null, note: null, resolvedBy: null });
      flow.record({ type: 'IncidentOpened', step: null, data: { incidentId: saga.incidentId, effectsInPlace: effects, actions } });
    } else if ((saga.status === 'ROLLED_BACK' || saga.status === 'COMPLETED') && saga.incidentId && flow.justFinished) {
      const note = saga.status === 'COMPLETED' ? 'Resolved: the saga completed' : 'Resolved by retry: every compensation succeeded';
      await manager.update(Incident, { id: saga.incidentId, status: 'OPEN' }, { status: 'RESOLVED', resolvedAt: now, note });
      flow.record({ type: 'IncidentResolved', step: null, data: { incidentId: saga.incidentId, note } });
    }
  }

  /**
   * Before a retry, in its transaction with the saga locked: once a person has resolved the
   * incident by hand they may have undone the effects themselves (refunded the card), and a
   * retry would undo them a second time. A partially rolled back saga's incident is RESOLVED only
   * by hand: a retry that mends it leaves the saga ROLLED_BACK.
   */
  async refuseRetryIfResolved(manager: EntityManager, saga: SagaInstance): Promise<void> {
    if (saga.status !== 'PARTIALLY_ROLLED_BACK' || !saga.incidentId) return;
    const incident = await manager.findOneBy(Incident, { id: saga.incidentId });
    if (incident?.status === 'RESOLVED') throw SagaErrors.resolvedByHand(saga.id, incident.id);
  }

  /**
   * An operator closes the incident by hand; the note and the operator go into the saga's
   * history too. The saga is locked first, so a retry and a resolution of one incident never
   * both go ahead: while a retry runs the compensations again, resolving is refused.
   */
  async resolve(id: string, note: string, actor: string): Promise<Incident> {
    return this.uow.transaction(async (manager) => {
      const found = await manager.findOneBy(Incident, { id });
      if (!found) throw IncidentErrors.notFound(id);
      const loaded = await this.store.load(manager, found.sagaId);
      // Read again under the saga's lock: a retry may have changed it since.
      const incident = (await manager.findOneBy(Incident, { id }))!;
      if (incident.status === 'RESOLVED') throw IncidentErrors.alreadyResolved(id);
      if (loaded?.saga.status === 'COMPENSATING') throw IncidentErrors.retryRunning(id, incident.sagaId);
      const now = Date.now();
      Object.assign(incident, { status: 'RESOLVED', resolvedAt: now, note, resolvedBy: actor });
      await manager.save(Incident, incident);
      if (loaded) {
        await this.store.appendHistory(manager, loaded.saga, [{ type: 'IncidentResolved', step: null, data: { incidentId: id, note, actor } }], now);
        await manager.update(SagaInstance, { id: loaded.saga.id }, { historySeq: loaded.saga.historySeq, updatedAt: now });
      }
      return incident;
    });
  }

  /** INC-YYYY-MM-DD-NNN: one atomic upsert per number, so concurrent sagas never share one. */
  private async nextId(manager: EntityManager, now: number): Promise<string> {
    const day = new Date(now).toISOString().slice(0, 10);
    const placeholder = this.uow.isPostgres ? '$1' : '?';
    const rows: Array<{ last: number | string }> = await manager.query(
      `INSERT INTO incident_counters (day, last) VALUES (${placeholder}, 1)
       ON CONFLICT (day) DO UPDATE SET last = incident_counters.last + 1 RETURNING last`,
      [day],
    );
    return `INC-${day}-${String(Number(rows[0].last)).padStart(3, '0')}`;
  }
}
