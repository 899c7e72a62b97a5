import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, apiKey, ApiError } from './api.js';
import { html } from './html.js';
import { DefinitionsPage } from './pages/definitions.js';
import { ParticipantsPage } from './pages/participants.js';
import { SagaPage } from './pages/saga.js';
import { SagasPage } from './pages/sagas.js';
import { WebhooksPage } from './pages/webhooks.js';
import { BulkOperationsPage } from './pages/bulk-operations.js';

/** `#/sagas/abc?x=1` → { parts: ['sagas', 'abc'], query: URLSearchParams }. */
function parseHash() {
  const [path, query = ''] = location.hash.replace(/^#\/?/, '').split('?');
  return { parts: path.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(query) };
}

function useRoute() {
  const [route, setRoute] = useState(parseHash);
  useEffect(() => {
    const update = () => setRoute(parseHash());
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return route;
}

/** Asks for the API key once per browser session; checks it against the API before keeping it. */
function KeyGate({ onReady }) {
  const [error, setError] = useState(null);
  const [checking, setChecking] = useState(false);
  const submit = async (event) => {
    event.preventDefault();
    const key = new FormData(event.currentTarget).get('key').trim();
    setChecking(true);
    apiKey.set(key);
    try {
      await api('/v1/sagas/counts');
      onReady();
    } catch (failure) {
      apiKey.clear();
      setError(failure instanceof ApiError && failure.status === 401 ? 'This key is not valid (401). Check it and try again.' : failure.message);
    } finally {
      setChecking(false);
    }
  };
  return html`
    <main id="main" class="key-gate">
      <h1>Saga coordinator</h1>
      <form onSubmit=${submit} aria-describedby="key-help">
        <label for="api-key">API key</label>
        <input id="api-key" name="key" type="password" autocomplete="off" required autofocus />
        <p id="key-help" class="help">
          A key with the <code>sagas:read</code> scope (and <code>sagas:operate</code> for operator actions), e.g. from
          <code>npm run keys -- create --name me --scopes sagas:read,sagas:operate</code>. It is kept in this tab only (sessionStorage).
        </p>
        ${error && html`<p role="alert" class="error">${error}</p>`}
        <button type="submit" disabled=${checking}>${checking ? 'Checking…' : 'Open the dashboard'}</button>
      </form>
    </main>
  `;
}

const NAV = [
  ['sagas', 'Sagas'],
  ['definitions', 'Definitions'],
  ['participants', 'Participants'],
  ['webhooks', 'Webhooks'],
  ['bulk-operations', 'Bulk operations'],
];

function Shell({ route, onSignOut, authDisabled }) {
  const [page = 'sagas', id] = route.parts;
  const main = useRef(null);
  const firstView = useRef(true);
  // After navigation (not on the first load, where Tab should start at the skip link), move focus
  // to the new page's content so keyboard and screen reader users land there.
  useEffect(() => {
    if (firstView.current) firstView.current = false;
    else main.current?.focus({ preventScroll: true });
  }, [page, id]);
  const content =
    page === 'sagas' && id
      ? html`<${SagaPage} id=${id} />`
      : page === 'definitions'
        ? html`<${DefinitionsPage} name=${id} query=${route.query} />`
        : page === 'participants'
          ? html`<${ParticipantsPage} />`
          : page === 'webhooks'
            ? html`<${WebhooksPage} />`
            : page === 'bulk-operations'
              ? html`<${BulkOperationsPage} />`
              : html`<${SagasPage} query=${route.query} />`;
  return html`
    <a
      class="skip-link"
      href="#main"
      onClick=${(event) => {
        event.preventDefault();
        main.current?.focus();
      }}
      >Skip to content</a
    >
    <header class="top">
      <span class="brand">Saga coordinator</span>
      <nav aria-label="Main">
        <ul>
          ${NAV.map(([target, label]) => html`<li><a href=${`#/${target}`} aria-current=${page === target ? 'page' : undefined}>${label}</a></li>`)}
        </ul>
      </nav>
      ${authDisabled ? html`<span class="auth-note">auth disabled</span>` : html`<button type="button" class="link" onClick=${onSignOut}>Forget key</button>`}
    </header>
    <main id="main" tabindex="-1" ref=${main}>${content}</main>
  `;
}

function App() {
  const route = useRoute();
  const [state, setState] = useState('probing');
  useEffect(() => {
    // Without a key the API answers 200 only when auth is disabled (local use).
    if (apiKey.get()) return setState('ready');
    api('/v1/sagas/counts').then(
      () => setState('auth-disabled'),
      () => setState('needs-key'),
    );
  }, []);
  if (state === 'probing') return html`<p class="loading" role="status">Loading…</p>`;
  if (state === 'needs-key') return html`<${KeyGate} onReady=${() => setState('ready')} />`;
  return html`<${Shell}
    route=${route}
    authDisabled=${state === 'auth-disabled'}
    onSignOut=${() => {
      apiKey.clear();
      setState('needs-key');
    }}
  />`;
}

render(html`<${App} />`, document.getElementById('app'));
