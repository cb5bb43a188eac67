import type { IncidentStatus } from '../../../incidents/incident.entity.js';
import type { ConsoleSession } from '../console-sessions.js';
import type { IncidentLine } from '../console-reader.js';
import { IncidentBox } from './incident-box.js';
import { Layout, Notice } from './layout.js';

export interface IncidentsProps {
  session: ConsoleSession;
  status: IncidentStatus;
  incidents: IncidentLine[];
  notice: string | null;
  now: number;
}

/**
 * The incident queue, newest first: each with the effects still in place, its age and what to
 * do; an operator retries the saga (the cause fixed) or resolves it by hand (the effect undone),
 * never both (the engine refuses a retry once it is resolved).
 */
export function IncidentsPage({ session, status, incidents, notice, now }: IncidentsProps) {
  return (
    <Layout title="Incidents" session={session} current="incidents">
      <h1>Incidents</h1>
      <Notice text={notice} />
      <nav class="tabs" aria-label="Incident status">
        <a href="/console/incidents" aria-current={status === 'OPEN' ? 'page' : undefined}>
          Open
        </a>
        <a href="/console/incidents?status=RESOLVED" aria-current={status === 'RESOLVED' ? 'page' : undefined}>
          Resolved
        </a>
      </nav>
      {incidents.length === 0 ? (
        <p class="empty">{status === 'OPEN' ? 'No open incident: nothing needs a person.' : 'No resolved incident yet.'}</p>
      ) : (
        incidents.map((incident) => <IncidentBox incident={incident} session={session} now={now} showSaga retryable={status === 'OPEN'} />)
      )}
    </Layout>
  );
}
