import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../../infra/database/unit-of-work.js';
import { isoTime as iso } from '../../../infra/http/iso-time.js';
import { SagaErrors } from '../../engine/saga.errors.js';
import { SagaStore } from '../../engine/saga-store.js';
import { Incident, type IncidentStatus } from '../../incidents/incident.entity.js';
import { type IncidentJson, incidentJsonOf } from '../incident-json.js';
import type { SagaView } from '../saga.view.js';
import { SagaViews } from '../saga-views.js';
import type { Wait } from './saga-timeline.js';

/** An incident as the console shows it: as the API answers it. */
export type IncidentLine = IncidentJson;

/** What the timeline page needs: the saga view, what it waits for, and its incident. */
export interface SagaPageData {
  view: SagaView;
  wait: Wait | null;
  incident: IncidentLine | null;
}

/**
 * The console's reads, all through the API's own read side (SagaViews builds the view from the
 * definitions), plus what the JSON view leaves out and a person on call needs: the instant of
 * the next retry or of the outstanding attempt's deadline, from the saga's row.
 */
@Injectable()
export class ConsoleReader {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly store: SagaStore,
    private readonly views: SagaViews,
  ) {}

  async saga(sagaId: string): Promise<SagaPageData> {
    const found = await this.uow.readApart(async (manager) => {
      const stored = await this.store.findWithHistory(manager, sagaId);
      const incident = stored?.saga.incidentId ? await manager.findOneBy(Incident, { id: stored.saga.incidentId }) : null;
      return stored && { stored, incident };
    });
    if (!found) throw SagaErrors.notFound(sagaId);
    const { saga, steps } = found.stored;
    const view = this.views.present(found.stored) as SagaView;
    const step = steps.find((s) => s.position === saga.stepIndex);
    const at = saga.awaiting === 'retry' ? saga.wakeAt : saga.deadlineAt;
    const wait: Wait | null =
      saga.awaiting && at !== null && step ? { kind: saga.awaiting, step: step.name, direction: saga.direction, until: iso(at) } : null;
    return { view, wait, incident: found.incident ? incidentJsonOf(found.incident) : null };
  }

  /** Newest first, at most 200: the queue a person works through. */
  async incidents(status: IncidentStatus): Promise<IncidentLine[]> {
    const rows = await this.uow.readApart((manager) => manager.find(Incident, { where: { status }, order: { createdAt: 'DESC', id: 'DESC' }, take: 200 }));
    return rows.map(incidentJsonOf);
  }
}
