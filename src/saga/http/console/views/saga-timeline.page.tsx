import type { ConsoleSession } from '../console-sessions.js';
import type { SagaPageData } from '../console-reader.js';
import { isFinal } from '../../../engine/saga-status.js';
import { actorOf, definitionFields, pastPivot } from '../saga-timeline.js';
import { ActionForm } from './action-form.js';
import { IncidentBox } from './incident-box.js';
import { between, duration, statusClass, when, words } from './format.js';
import { Layout, Notice } from './layout.js';
import { StepsTimeline } from './saga-steps.js';

export interface SagaTimelineProps {
  session: ConsoleSession;
  data: SagaPageData;
  notice: string | null;
  now: number;
}

/** How often the page of an unfinished saga refreshes itself (client script). */
export const LIVE_INTERVAL_MS = 2000;

/**
 * One saga as a timeline: where it stands and what it waits for (with a countdown), its
 * incident with the effects in place, the actions the signed-in role may take, each step with its
 * attempts and its compensation beside it, and the whole history with who did what. While the
 * saga is unfinished the `#live` part refreshes itself.
 */
export function SagaTimelinePage({ session, data, notice, now }: SagaTimelineProps) {
  const { view, wait, incident } = data;
  const finished = isFinal(view.status);
  return (
    <Layout title={`Saga ${view.sagaId}`} session={session} current="sagas">
      <p class="crumbs">
        <a href="/console">Sagas</a> /
      </p>
      <h1 class="saga-title">
        {view.type} <span class="id">{view.sagaId}</span>
      </h1>
      <Notice text={notice} />
      {/* Not an aria-live region: a screen reader would read the whole timeline out on every refresh. */}
      <div id="live" data-live={finished ? undefined : String(LIVE_INTERVAL_MS)}>
        <section class="summary" aria-label="Summary">
          <p>
            <span class={statusClass(view.status)} data-testid="saga-status">
              {words(view.status)}
            </span>{' '}
            <span class="muted">
              {view.type} v{view.definitionVersion} · started {when(view.createdAt)} · {finished ? `took ${duration(between(view.createdAt, view.finishedAt, now))}` : `running for ${duration(between(view.createdAt, null, now))}`}
            </span>
          </p>
          {view.blocked && <p class="error-text">Blocked: {view.blocked}</p>}
          {wait && (
            <p class="wait">
              {wait.kind === 'retry' ? 'Next attempt of ' : 'Waiting for the answer of '}
              <strong>{wait.step}</strong>
              {wait.direction === 'compensate' ? ' (undo)' : ''}
              {wait.kind === 'retry' ? ' ' : ', deadline '}
              <time data-countdown datetime={wait.until}>
                {Date.parse(wait.until) >= now ? `in ${duration(Date.parse(wait.until) - now)}` : `due ${duration(now - Date.parse(wait.until))} ago`}
              </time>
            </p>
          )}
          <dl class="fields">
            {definitionFields(view).map(([name, value]) => (
              <>
                <dt>{name}</dt>
                <dd>{value}</dd>
              </>
            ))}
          </dl>
        </section>
        {incident && <IncidentBox incident={incident} session={session} now={now} showSaga={false} />}
        <Actions data={data} session={session} />
        <section aria-labelledby="steps-title">
          <h2 id="steps-title">Steps</h2>
          <StepsTimeline view={view} now={now} />
        </section>
        <section aria-labelledby="history-title">
          <h2 id="history-title">History</h2>
          <table class="history">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">When</th>
                <th scope="col">What</th>
                <th scope="col">Step</th>
                <th scope="col">Who</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {view.history.map((entry) => (
                <tr>
                  <td data-label="#">{entry.seq}</td>
                  <td data-label="When">
                    <time datetime={entry.at}>{when(entry.at)}</time>
                  </td>
                  <td data-label="What">{entry.type}</td>
                  <td data-label="Step">{entry.step ?? '–'}</td>
                  <td data-label="Who">{actorOf(entry) ?? <span class="muted">the saga</span>}</td>
                  <td data-label="Details" class="details">
                    {details(entry.data)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        {view.webhooks.length > 0 && (
          <section aria-labelledby="webhooks-title">
            <h2 id="webhooks-title">Webhooks</h2>
            <ul class="plain">
              {view.webhooks.map((w) => (
                <li>
                  {w.type} <span class={statusClass(w.status)}>{words(w.status)}</span> after {w.attempts} attempt(s)
                  {w.lastError && <span class="error-text"> {w.lastError}</span>}
                </li>
              ))}
            </ul>
          </section>
        )}
      </div>
    </Layout>
  );
}

/** An entry's data, compact, without the actor (its own column). */
function details(data: Record<string, unknown>): string {
  const { actor: _actor, ...rest } = data;
  const text = Object.entries(rest)
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(', ');
  return text.length > 400 ? `${text.slice(0, 400)}…` : text;
}

/**
 * What the signed-in person may do to this saga now, by the same rules the engine applies
 * (the server checks them again, and refuses a viewer whatever the page shows).
 */
function Actions({ data, session }: { data: SagaPageData; session: ConsoleSession }) {
  if (session.role === 'viewer') return null;
  const { view, wait, incident } = data;
  const open = incident?.status === 'OPEN';
  const canRetry =
    (view.status === 'PARTIALLY_ROLLED_BACK' && open) || (view.status === 'RUNNING' && (wait?.kind === 'retry' || pastPivot(view.steps)));
  const canCancel = view.status === 'RUNNING' && !pastPivot(view.steps);
  if (!canRetry && !canCancel) return null;
  const base = `/console/sagas/${view.sagaId}`;
  return (
    <section class="actions" aria-labelledby="actions-title">
      <h2 id="actions-title">Actions</h2>
      {canRetry && (
        <ActionForm
          id="retry"
          action={`${base}/retry`}
          field="note"
          csrf={session.csrf}
          label={view.status === 'PARTIALLY_ROLLED_BACK' ? 'Retry the given-up compensations' : 'Retry now'}
          prompt="Note for the history (what was fixed)"
          confirm={view.status === 'PARTIALLY_ROLLED_BACK' ? 'Run the given-up compensations again?' : 'Retry the waiting step now?'}
        />
      )}
      {canCancel && (
        <ActionForm
          id="cancel"
          action={`${base}/cancel`}
          field="reason"
          csrf={session.csrf}
          label="Cancel the saga"
          prompt="Reason for cancelling"
          confirm="Stop this saga and undo what it did?"
          danger
        />
      )}
    </section>
  );
}
