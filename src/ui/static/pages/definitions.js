import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { ErrorMessage, formatTime, JsonBlock } from '../components/common.js';
import { Diagram } from '../components/diagram.js';
import { html } from '../html.js';
import { diffDefinitions } from '../lib/definition-diff.js';
import { formatMs } from '../lib/diagram-layout.js';
import { participantStepsOf } from '../lib/participant-steps.js';

function show(value) {
  return value === undefined ? '' : JSON.stringify(value);
}

function VersionDiff({ versions }) {
  const [from, setFrom] = useState(Math.max(1, versions.length - 1));
  const [to, setTo] = useState(versions.length);
  if (versions.length < 2) return html`<p class="muted">Only one version: nothing to compare.</p>`;
  const before = versions.find((version) => version.version === Number(from));
  const after = versions.find((version) => version.version === Number(to));
  const changes = before && after ? diffDefinitions(before, after) : [];
  const picker = (id, label, value, set) =>
    html`<div>
      <label for=${id}>${label}</label>
      <select id=${id} value=${value} onChange=${(event) => set(Number(event.currentTarget.value))}>
        ${versions.map((version) => html`<option value=${version.version}>v${version.version}</option>`)}
      </select>
    </div>`;
  return html`
    <div class="diff-pickers">${picker('diff-from', 'Compare', from, setFrom)} ${picker('diff-to', 'with', to, setTo)}</div>
    ${
      changes.length === 0
        ? html`<p role="status">No difference between v${from} and v${to}.</p>`
        : html`<table class="diff">
            <caption>
              Changes from v${from} to v${to} (${changes.length})
            </caption>
            <thead>
              <tr>
                <th scope="col">Where</th>
                <th scope="col">Change</th>
                <th scope="col">Before</th>
                <th scope="col">After</th>
              </tr>
            </thead>
            <tbody>
              ${changes.map(
                (change) =>
                  html`<tr class=${`diff-${change.kind}`}>
                    <td><code>${change.path}</code></td>
                    <td>${change.kind}</td>
                    <td><code class="wrap">${show(change.before)}</code></td>
                    <td><code class="wrap">${show(change.after)}</code></td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
  `;
}

function DefinitionDetail({ name, query }) {
  const [versions, setVersions] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    setVersions(null);
    api(`/v1/definitions/${encodeURIComponent(name)}/versions`).then(setVersions, setError);
  }, [name]);
  if (error) return html`<${ErrorMessage} error=${error} />`;
  if (!versions) return html`<p role="status">Loading…</p>`;
  const wanted = Number(query.get('version')) || versions.at(-1).version;
  const shown = versions.find((version) => version.version === wanted) ?? versions.at(-1);
  return html`
    <h1>${shown.name} <span class="muted">v${shown.version}</span></h1>
    ${shown.description && html`<p>${shown.description}</p>`}
    <nav aria-label="Versions" class="versions">
      <ul>
        ${versions.map(
          (version) =>
            html`<li>
              <a
                href=${`#/definitions/${encodeURIComponent(name)}?version=${version.version}`}
                aria-current=${version.version === shown.version ? 'page' : undefined}
                >v${version.version}</a
              >
              <span class="muted">${formatTime(version.createdAt)}</span>
            </li>`,
        )}
      </ul>
    </nav>
    <section aria-labelledby="flow-title">
      <h2 id="flow-title">Flow</h2>
      <${Diagram} steps=${shown.steps} title=${`${shown.name} v${shown.version}`} />
    </section>
    <section aria-labelledby="steps-title">
      <h2 id="steps-title">Participant steps</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Step</th>
            <th scope="col">Participant</th>
            <th scope="col">Command</th>
            <th scope="col">Compensation</th>
            <th scope="col">Kind</th>
            <th scope="col">Timeout</th>
            <th scope="col">Attempts</th>
          </tr>
        </thead>
        <tbody>
          ${participantStepsOf(shown.steps).map(
            (step) =>
              html`<tr>
                <th scope="row">${step.name}</th>
                <td>${step.participant}</td>
                <td><code>${step.command}</code></td>
                <td>${step.compensation ? html`<code>${step.compensation}</code>` : html`<span class="muted">none</span>`}</td>
                <td>${step.kind}</td>
                <td>${formatMs(step.timeoutMs)}</td>
                <td>${step.retry.maxAttempts}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </section>
    <section aria-labelledby="schema-title">
      <h2 id="schema-title">Input schema</h2>
      <${JsonBlock} value=${shown.inputSchema} summary="JSON Schema" open=${true} />
    </section>
    <section aria-labelledby="diff-title">
      <h2 id="diff-title">Differences between versions</h2>
      <${VersionDiff} versions=${versions} key=${name} />
    </section>
  `;
}

export function DefinitionsPage({ name, query }) {
  const [definitions, setDefinitions] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    api('/v1/definitions').then(setDefinitions, setError);
  }, []);
  if (name)
    return html`<p class="breadcrumb"><a href="#/definitions">Definitions</a> / ${name}</p>
      <${DefinitionDetail} name=${name} query=${query} />`;
  return html`
    <h1>Definitions</h1>
    <${ErrorMessage} error=${error} />
    ${
      definitions === null
        ? html`<p role="status">Loading…</p>`
        : html`<ul class="definition-cards">
            ${definitions.map(
              (definition) =>
                html`<li>
                  <h2>
                    <a href=${`#/definitions/${encodeURIComponent(definition.name)}`}>${definition.name}</a>
                    <span class="muted">latest v${definition.version}</span>
                  </h2>
                  ${definition.description && html`<p>${definition.description}</p>`}
                  <${Diagram} steps=${definition.steps} title=${`${definition.name} v${definition.version}`} />
                </li>`,
            )}
          </ul>`
    }
  `;
}
