import { isoTime as iso } from '../../infra/http/iso-time.js';
import type { Incident, IncidentStatus } from '../incidents/incident.entity.js';

/** An incident as the API answers it (IncidentView documents it) and as the console shows it. */
export interface IncidentJson {
  id: string;
  sagaId: string;
  status: IncidentStatus;
  summary: string;
  effectsInPlace: string[];
  createdAt: string;
  resolvedAt: string | null;
  note: string | null;
  resolvedBy: string | null;
}

export function incidentJsonOf(i: Incident): IncidentJson {
  return {
    id: i.id,
    sagaId: i.sagaId,
    status: i.status,
    summary: i.summary,
    effectsInPlace: i.effectsInPlace,
    createdAt: iso(i.createdAt),
    resolvedAt: iso(i.resolvedAt),
    note: i.note,
    resolvedBy: i.resolvedBy,
  };
}
