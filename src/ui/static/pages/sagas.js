import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api, followSagaChanges } from '../api.js';
import { ErrorMessage, formatTime, StatusBadge } from '../components/common.js';
import { html } from '../html.js';

/** Live updates re-read the list at most this often (each read is two requests against the rate limit). */
const RELOAD_THROTTLE_MS = 1000;
const STATUSES = ['RUNNING', 'COMPENSATING', 'COMPLETED', 'COMPENSATED', 'COMPENSATION_FAILED'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FIELD_SEARCH = /^([A-Za-z_][A-Za-z0-9_-]{0,63})\s*[=:]\s*(.+)$/;

/** The filter form's state as API query parameters (the form keeps them in the URL hash). */
export function toApiQuery(query) {
  const params = new URLSearchParams();
  for (const name of ['status', 'definition', 'attention', 'cursor']) if (query.get(name)) params.set(name, query.get(name));
  for (const name of ['createdFrom', 'createdTo']) if (query.get(name)) params.set(name, new Date(query.get(name)).toISOString());
  const search = (query.get('q') ?? '').trim();
  if (UUID.test(search)) params.set('id', search.toLowerCase());
  else if (FIELD_SEARCH.test(search)) {
    const [, field, value] = FIELD_SEARCH.exec(search);
    params.set('inputField', field);
    params.set('inputValue', value.trim());
  }
  params.set('limit', '25');
  return params;
}

/** Why the search text cannot be used, or null. */
function searchProblem(query) {
  const search = (query.get('q') ?? '').trim();
  if (search === '' || UUID.test(search) || FIELD_SEARCH.test(search)) return null;
  return `"${search}" is neither a saga id nor field=value (e.g. orderId=1001): the search was not applied.`;
}

function go(query) {
  const text = query.toString();
  location.hash = `#/sagas${text ? `?${text}` : ''}`;
}

function CountsBar({ counts, query }) {
  const select = (status, attention) => {
    const next = new URLSearchParams(query);
    next.delete('cursor');
    next.delete('status');
    next.delete('attention');
    if (status) next.set('status', status);
    if (attention) next.set('attention', 'true');
    go(next);
  };
  if (!counts) return null;
  return html`<section aria-labelledby="counts-title" class="counts">
    <h2 id="counts-title" class="visually-hidden">Sagas per status</h2>
    <ul>
      <li>
        <button type="button" class="count attention" aria-pressed=${query.get('attention') === 'true'} onClick=${() => select(null, true)}>
          <span class="count-number" data-count="attention">${counts.needsAttention}</span> need attention
        </button>
      </li>
      ${STATUSES.map(
        (status) =>
          html`<li>
            <button
              type="button"
              class=${`count status-${status.toLowerCase().replaceAll('_', '-')}`}
              aria-pressed=${query.get('status') === status}
              onClick=${() => select(status)}
            >
              <span class="count-number" data-count=${status}>${counts.byStatus[status]}</span> ${status.replaceAll('_', ' ').toLowerCase()}
            </button>
          </li>`,
      )}
      <li>
        <button type="button" class="count" aria-pressed=${!query.get('status') && !query.get('attention')} onClick=${() => select()}>
          <span class="count-number">${counts.total}</span> all
        </button>
      </li>
    </ul>
  </section>`;
}

function Filters({ query, definitions }) {
  const submit = (event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = new URLSearchParams();
    for (const [name, value] of form) if (String(value).trim() !== '') next.set(name, String(value).trim());
    if (query.get('attention')) next.set('attention', 'true');
    go(next);
  };
  return html`<form role="search" aria-label="Filter sagas" class="filters" onSubmit=${submit}>
    <div>
      <label for="filter-q">Search</label>
      <input id="filter-q" name="q" value=${query.get('q') ?? ''} placeholder="saga id, or orderId=1001" aria-describedby="filter-q-help" />
      <span id="filter-q-help" class="help">An id, or an input field and value.</span>
    </div>
    <div>
      <label for="filter-status">Status</label>
      <select id="filter-status" name="status" value=${query.get('status') ?? ''}>
        <option value="">any</option>
        ${STATUSES.map((status) => html`<option value=${status}>${status}</option>`)}
      </select>
    </div>
    <div>
      <label for="filter-definition">Definition</label>
      <select id="filter-definition" name="definition" value=${query.get('definition') ?? ''}>
        <option value="">any</option>
        ${definitions.map((definition) => html`<option value=${definition.name}>${definition.name}</option>`)}
      </select>
    </div>
    <div>
      <label for="filter-from">Created from</label>
      <input id="filter-from" name="createdFrom" type="datetime-local" value=${query.get('createdFrom') ?? ''} />
    </div>
    <div>
      <label for="filter-to">Created before</label>
      <input id="filter-to" name="createdTo" type="datetime-local" value=${query.get('createdTo') ?? ''} />
    </div>
    <div class="filter-actions">
      <button type="submit" class="primary">Apply</button>
      <button type="button" onClick=${() => go(new URLSearchParams())}>Reset</button>
    </div>
  </form>`;
}

/** The saga list with counts, filters, server-side paging and live updates over the stream. */
export function SagasPage({ query }) {
  const [page, setPage] = useState(null);
  const [counts, setCounts] = useState(null);
  const [definitions, setDefinitions] = useState([]);
  const [error, setError] = useState(null);
  const [live, setLive] = useState('connecting');
  const [flashed, setFlashed] = useState(new Set());
  const queryText = query.toString();
  const firstPage = !query.get('cursor');
  const reloadTimer = useRef(null);

  const load = useCallback(async () => {
    try {
      const [list, newCounts] = await Promise.all([api(`/v1/sagas?${toApiQuery(query)}`), api('/v1/sagas/counts')]);
      setPage(list);
      setCounts(newCounts);
      setError(null);
    } catch (failure) {
      setError(failure);
    }
  }, [queryText]);

  useEffect(() => {
    setPage(null);
    load();
  }, [load]);
  useEffect(() => {
    api('/v1/definitions').then(setDefinitions, () => undefined);
  }, []);

  // Live: a change updates its row in place at once; on the first page a new saga may belong at
  // the top, so the page (and the counts) are re-read, at most once a second however many
  // changes arrive (a throttle, not a debounce: a steady flow must not postpone it forever).
  useEffect(() => {
    const stop = followSagaChanges(
      (saga) => {
        setPage((current) => current && { ...current, items: current.items.map((item) => (item.id === saga.id ? saga : item)) });
        setFlashed((current) => new Set(current).add(saga.id));
        if (reloadTimer.current) return;
        reloadTimer.current = setTimeout(() => {
          reloadTimer.current = null;
          if (firstPage) load();
          else api('/v1/sagas/counts').then(setCounts, () => undefined);
        }, RELOAD_THROTTLE_MS);
      },
      (state) => {
        setLive(state);
        if (state === 'live') load();
      },
    );
    return () => {
      stop();
      clearTimeout(reloadTimer.current);
      reloadTimer.current = null;
    };
  }, [load, firstPage]);

  const older = () => {
    const next = new URLSearchParams(query);
    next.set('cursor', page.nextCursor);
    go(next);
  };
  const newest = () => {
    const next = new URLSearchParams(query);
    next.delete('cursor');
    go(next);
  };

  return html`
    <h1>Sagas</h1>
    <p class="live" role="status" data-live=${live}>
      ${live === 'live' ? '● Live: updates appear without reloading' : live === 'connecting' ? 'Connecting to live updates…' : '○ Live updates interrupted, reconnecting…'}
    </p>
    <${CountsBar} counts=${counts} query=${query} />
    <${Filters} query=${query} definitions=${definitions} key=${queryText} />
    ${searchProblem(query) && html`<p role="alert" class="error">${searchProblem(query)}</p>`}
    <${ErrorMessage} error=${error} />
    ${
      page === null
        ? html`<p role="status">Loading…</p>`
        : html`
            <table class="sagas">
              <caption>
                ${query.get('attention') === 'true' ? 'Sagas that need attention' : 'Sagas'}, newest first${firstPage ? '' : ' (older page)'}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Saga</th>
                  <th scope="col">Definition</th>
                  <th scope="col">Status</th>
                  <th scope="col">Created</th>
                  <th scope="col">Updated</th>
                </tr>
              </thead>
              <tbody>
                ${
                  page.items.length === 0 &&
                  html`<tr>
                    <td colspan="5" class="muted">No saga matches.</td>
                  </tr>`
                }
                ${page.items.map(
                  (saga) =>
                    html`<tr data-saga-id=${saga.id} data-status=${saga.status} class=${flashed.has(saga.id) ? 'flash' : ''}>
                      <td><a href=${`#/sagas/${saga.id}`} class="mono">${saga.id}</a></td>
                      <td>${saga.definition} <span class="muted">v${saga.version}</span></td>
                      <td><${StatusBadge} status=${saga.status} /></td>
                      <td><time datetime=${saga.createdAt}>${formatTime(saga.createdAt)}</time></td>
                      <td><time datetime=${saga.updatedAt}>${formatTime(saga.updatedAt)}</time></td>
                    </tr>`,
                )}
              </tbody>
            </table>
            <nav class="pager" aria-label="Pages">
              <button type="button" onClick=${newest} disabled=${firstPage}>Newest</button>
              <button type="button" onClick=${older} disabled=${!page.nextCursor}>Older</button>
            </nav>
          `
    }
  `;
}
