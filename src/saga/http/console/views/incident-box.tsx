import type { ConsoleSession } from '../console-sessions.js';
import type { IncidentLine } from '../console-reader.js';
import { ActionForm } from './action-form.js';
import { duration, statusClass, when, words } from './format.js';

export interface IncidentBoxProps {
  incident: IncidentLine;
  session: ConsoleSession;
  now: number;
  /** On the incident queue, a link to the saga; on the saga's own page, not. */
  showSaga: boolean;
  /** The saga's status, when known: a retry is offered while it is PARTIALLY_ROLLED_BACK. */
  retryable?: boolean;
}

/** An incident: the effects still in place, its age, what to do (its summary), and the operator's two ways out. */
export function IncidentBox({ incident, session, now, showSaga, retryable }: IncidentBoxProps) {
  const open = incident.status === 'OPEN';
  return (
    <article class={`incident${open ? ' open' : ''}`} aria-labelledby={`incident-${incident.id}`}>
      <h2 id={`incident-${incident.id}`}>
        Incident {incident.id} <span class={statusClass(incident.status)}>{words(incident.status)}</span>
      </h2>
      <p class="muted">
        opened {when(incident.createdAt)} ({duration(now - Date.parse(incident.createdAt))} ago)
        {showSaga && (
          <>
            {' '}
            · saga <a href={`/console/sagas/${incident.sagaId}`}>{incident.sagaId}</a>
          </>
        )}
      </p>
      <h3>Effects in place</h3>
      <ul class="effects">
        {incident.effectsInPlace.map((effect) => (
          <li>{effect}</li>
        ))}
      </ul>
      <details open={open}>
        <summary>What to do</summary>
        <p class="summary-text">{incident.summary}</p>
      </details>
      {!open && (
        <p>
          Resolved {when(incident.resolvedAt)}
          {incident.resolvedBy && ` by ${incident.resolvedBy}`}: {incident.note}
        </p>
      )}
      {open && session.role !== 'viewer' && (
        <div class="incident-actions">
          {retryable && (
            <ActionForm
              id={`retry-${incident.id}`}
              action={`/console/sagas/${incident.sagaId}/retry`}
              field="note"
              csrf={session.csrf}
              label="Retry the saga"
              prompt="Note for the history (what was fixed)"
              confirm="Run the saga's given-up work again?"
            />
          )}
          <ActionForm
            id={`resolve-${incident.id}`}
            action={`/console/incidents/${incident.id}/resolve`}
            field="note"
            csrf={session.csrf}
            label="Resolve by hand"
            prompt="What was done by hand"
            confirm="Mark this incident resolved? Its saga will not be retried afterwards."
          />
        </div>
      )}
    </article>
  );
}
