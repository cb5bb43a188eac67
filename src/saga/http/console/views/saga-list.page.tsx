import { SAGA_STATUSES } from '../../../engine/saga-status.js';
import type { ConsoleSession } from '../console-sessions.js';
import type { SagaCountsView } from '../saga-counts.js';
import { definitionFields } from '../saga-timeline.js';
import type { SagaSummary, SagaFilter } from '../saga-filter.js';
import { filterHref } from '../saga-filter.js';
import { duration, relative, statusClass, when, words } from './format.js';
import { Layout } from './layout.js';

export interface SagaListProps {
  session: ConsoleSession;
  filter: SagaFilter;
  items: SagaSummary[];
  nextCursor: string | null;
  counts: SagaCountsView;
  /** Every saga type the service registers, for the type filter. */
  types: string[];
  now: number;
}

/** The list of sagas, newest first: filters, counts per status, one page, the link to the next. */
export function SagaListPage({ session, filter, items, nextCursor, counts, types, now }: SagaListProps) {
  return (
    <Layout title="Sagas" session={session} current="sagas">
      <h1>Sagas</h1>
      <Counts counts={counts} now={now} />
      <FilterForm filter={filter} types={types} />
      {items.length === 0 ? (
        <p class="empty">No saga matches these filters.</p>
      ) : (
        <table class="sagas">
          <caption class="visually-hidden">Sagas, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Saga</th>
              <th scope="col">Type</th>
              <th scope="col">Status</th>
              <th scope="col">About</th>
              <th scope="col">Where it stands</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {items.map((saga) => (
              <Row saga={saga} now={now} />
            ))}
          </tbody>
        </table>
      )}
      <nav class="pager" aria-label="Pages">
        {filter.cursor && <a href={filterHref({ ...filter, cursor: undefined })}>First page</a>}
        {nextCursor && (
          <a href={filterHref({ ...filter, cursor: nextCursor })} rel="next">
            Next page
          </a>
        )}
      </nav>
    </Layout>
  );
}

function Counts({ counts, now }: { counts: SagaCountsView; now: number }) {
  return (
    <ul class="counts" aria-label="Sagas per status">
      {SAGA_STATUSES.map((status) => (
        <li>
          <a class={statusClass(status)} href={filterHref({ status })}>
            {words(status)} <strong>{(counts.byStatus[status] ?? 0).toLocaleString('en-US')}</strong>
          </a>
        </li>
      ))}
      <li>
        <a class="status status-stuck" href={filterHref({ stuck: true })}>
          stuck <strong>{counts.stuck.toLocaleString('en-US')}</strong>
        </a>
      </li>
      {counts.settledCountedAt !== null && <li class="counted">completed and rolled back counted {duration(now - counts.settledCountedAt)} ago</li>}
    </ul>
  );
}

function FilterForm({ filter, types }: { filter: SagaFilter; types: string[] }) {
  return (
    <form class="filters" method="get" action="/console" role="search" aria-label="Filter sagas">
      <div>
        <label for="f-status">Status</label>
        <select id="f-status" name="status">
          <option value="">any</option>
          {SAGA_STATUSES.map((s) => (
            <option value={s} selected={filter.status === s}>
              {words(s)}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label for="f-type">Type</label>
        <select id="f-type" name="type">
          <option value="">any</option>
          {types.map((t) => (
            <option value={t} selected={filter.type === t}>
              {t}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label for="f-email">Customer e-mail</label>
        <input id="f-email" name="email" type="email" value={filter.email ?? ''} maxLength={254} placeholder="ada@example.com" />
      </div>
      <div>
        <label for="f-from">Created from (UTC)</label>
        <input id="f-from" name="createdFrom" type="datetime-local" step={1} value={filter.createdFrom?.slice(0, 19) ?? ''} />
      </div>
      <div>
        <label for="f-to">Created to (UTC)</label>
        <input id="f-to" name="createdTo" type="datetime-local" step={1} value={filter.createdTo?.slice(0, 19) ?? ''} />
      </div>
      <div class="check">
        <input id="f-stuck" name="stuck" type="checkbox" value="true" checked={filter.stuck === true} />
        <label for="f-stuck">Only stuck</label>
      </div>
      <div class="buttons">
        <button type="submit">Filter</button>
        <a href="/console">Clear</a>
      </div>
    </form>
  );
}

function Row({ saga, now }: { saga: SagaSummary; now: number }) {
  // The step the saga is at or stopped on: the first one not simply done.
  const at = saga.steps.find((s) => s.status !== 'SUCCEEDED' && s.status !== 'COMPENSATED') ?? saga.steps[saga.steps.length - 1];
  return (
    <tr>
      <td data-label="Saga">
        <a class="id" href={`/console/sagas/${saga.sagaId}`}>
          {saga.sagaId}
        </a>
      </td>
      <td data-label="Type">
        {saga.type} <span class="muted">v{saga.definitionVersion}</span>
      </td>
      <td data-label="Status">
        <span class={statusClass(saga.status)}>{words(saga.status)}</span>
        {saga.incidentId && <span class="incident-tag"> {saga.incidentId}</span>}
        {saga.blocked && <span class="status status-blocked"> blocked</span>}
      </td>
      <td data-label="About">
        {definitionFields(saga).map(([name, value]) => (
          <span class="field">
            <span class="muted">{name}</span> {value}
          </span>
        ))}
      </td>
      <td data-label="Where it stands">
        {at ? (
          <>
            {at.name} <span class={statusClass(at.status)}>{words(at.status)}</span>
            {at.error && <span class="error-text"> {at.error}</span>}
          </>
        ) : (
          '–'
        )}
      </td>
      <td data-label="Created">
        <time datetime={saga.createdAt} title={when(saga.createdAt)}>
          {relative(saga.createdAt, now)}
        </time>
      </td>
    </tr>
  );
}
