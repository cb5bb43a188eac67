import type { SagaHistory } from '../engine/saga-history.entity.js';

/** The contract's event names, by the history entry that causes each. */
const EVENT_OF_ENTRY: Readonly<Record<string, string>> = {
  SagaCompleted: 'saga.completed',
  SagaRolledBack: 'saga.rolled_back',
  SagaPartiallyRolledBack: 'saga.partially_rolled_back',
  IncidentOpened: 'incident.opened',
  IncidentResolved: 'incident.resolved',
};

export const WEBHOOK_EVENT_TYPES = Object.values(EVENT_OF_ENTRY);

/** The webhook event a history entry causes, or null: most entries cause none. */
export function webhookEventOf(sagaType: string, entry: SagaHistory): { type: string; data: Record<string, unknown> } | null {
  const type = EVENT_OF_ENTRY[entry.type];
  if (!type) return null;
  return { type, data: { sagaId: entry.sagaId, sagaType, ...entry.data } };
}
