import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, followSagaChanges } from '../api.js';
import { ErrorMessage, formatTime, JsonBlock, StatusBadge } from '../components/common.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { Diagram } from '../components/diagram.js';
import { html } from '../html.js';
import { formatMs } from '../lib/diagram-layout.js';
import { sagaPathMarks } from '../lib/saga-path.js';
import { buildTimeline } from '../lib/step-timeline.js';

/** The operator actions this saga allows now, each with what its dialog asks. */
function availableActions(saga) {
  const actions = [];
  const id = saga.id;
  if (saga.status === 'RUNNING' || saga.status === 'COMPENSATING') {
    actions.push({
      key: 'cancel',
      label: 'Cancel saga…',
      title: 'Cancel this saga?',
      description:
        'The saga turns back: every step that succeeded is compensated in reverse order. This cannot be undone. The request and its reason are recorded in the step log.',
      confirmLabel: 'Cancel the saga',
      danger: true,
      fields: [{ name: 'reason', label: 'Reason', kind: 'textarea', required: false }],
      run: ({ reason }) => api(`/v1/sagas/${id}/cancel`, { method: 'POST', body: reason ? { reason } : {} }),
    });
  }
  if (saga.status === 'COMPENSATION_FAILED') {
    actions.push({
      key: 'retry',
      label: 'Retry compensation…',
      title: 'Retry the failed compensation?',
      description: 'The compensation that failed is tried again with a fresh retry budget, then compensation continues. Recorded in the step log.',
      confirmLabel: 'Retry',
      fields: [],
      run: () => api(`/v1/sagas/${id}/retry`, { method: 'POST' }),
    });
    for (const step of saga.steps.filter((candidate) => candidate.status === 'COMPENSATION_FAILED')) {
      actions.push({
        key: `resolve-${step.name}`,
        label: `Resolve ${step.name}…`,
        title: `Mark ${step.name} as undone by hand?`,
        description: `Say how ${step.name} was undone outside the system. The step becomes COMPENSATED and compensation continues with the steps before it. Recorded in the step log.`,
        confirmLabel: 'Mark resolved',
        danger: true,
        fields: [{ name: 'reason', label: 'How it was undone', kind: 'textarea', required: true }],
        run: ({ reason }) => api(`/v1/sagas/${id}/steps/${encodeURIComponent(step.name)}/resolve`, { method: 'POST', body: { reason } }),
      });
    }
  }
  // Only a definition with a wait step can take a signal.
  if (saga.status === 'RUNNING' && saga.steps.some((step) => step.type === 'wait')) {
    const waiting = saga.steps.find((step) => step.type === 'wait' && step.status === 'RUNNING');
    actions.push({
      key: 'signal',
      label: 'Send signal…',
      title: 'Send a signal to this saga?',
      description:
        'A wait step waiting for this signal succeeds with the payload as its output and the saga moves on. If nothing waits for it, nothing changes. Recorded in the step log.',
      confirmLabel: 'Send signal',
      fields: [
        { name: 'signal', label: 'Signal', kind: 'text', required: true, value: waiting?.signal ?? '' },
        { name: 'payload', label: 'Payload (JSON object)', kind: 'json', required: false, value: '{}' },
      ],
      run: ({ signal, payload }) => api(`/v1/sagas/${id}/signals/${encodeURIComponent(signal)}`, { method: 'POST', body: payload }),
    });
  }
  return actions;
}

function Timeline({ events }) {
  const entries = buildTimeline(events);
  return html`<table class="timeline">
    <caption>
      Step log, oldest first
    </caption>
    <thead>
      <tr>
        <th scope="col">#</th>
        <th scope="col">At</th>
        <th scope="col">Event</th>
        <th scope="col">Step</th>
        <th scope="col">Attempt</th>
        <th scope="col">Took</th>
        <th scope="col">Data</th>
      </tr>
    </thead>
    <tbody>
      ${entries.map(
        (entry) =>
          html`<tr data-type=${entry.type} class=${entry.phase === 'compensate' ? 'compensate' : ''}>
            <td>${entry.seq}</td>
            <td><time datetime=${entry.at} title=${formatTime(entry.at)}>+${formatMs(entry.offsetMs)}</time></td>
            <td>${entry.type}</td>
            <td>${entry.step ?? ''}</td>
            <td>${entry.attempt ?? ''}</td>
            <td>${entry.durationMs === null ? '' : formatMs(entry.durationMs)}</td>
            <td>${entry.data && html`<${JsonBlock} value=${entry.data} summary=${Object.keys(entry.data).join(', ') || 'data'} />`}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

/** One saga: its definition drawn with this saga's path, the step log, and the operator actions. */
export function SagaPage({ id }) {
  const [saga, setSaga] = useState(null);
  const [events, setEvents] = useState([]);
  const [definition, setDefinition] = useState(null);
  const [error, setError] = useState(null);
  const [action, setAction] = useState(null);
  const [notice, setNotice] = useState(null);

  const load = useCallback(async () => {
    try {
      const [current, log] = await Promise.all([api(`/v1/sagas/${id}`), api(`/v1/sagas/${id}/events`)]);
      setSaga(current);
      setEvents(log);
      setError(null);
    } catch (failure) {
      setError(failure);
    }
  }, [id]);

  useEffect(() => {
    setSaga(null);
    setDefinition(null);
    load();
    return followSagaChanges(
      (changed) => changed.id === id && load(),
      (state) => state === 'live' && load(),
    );
  }, [id, load]);

  // The version the saga is pinned to: read once per saga (versions are immutable).
  const pinned = saga ? `${encodeURIComponent(saga.definition)}/versions/${saga.version}` : null;
  useEffect(() => {
    if (pinned) api(`/v1/definitions/${pinned}`).then(setDefinition, setError);
  }, [pinned]);

  if (error && !saga)
    return html`<h1>Saga</h1>
      <${ErrorMessage} error=${error} />
      <p><a href="#/sagas">Back to the list</a></p>`;
  if (!saga) return html`<p role="status">Loading…</p>`;
  const marks = sagaPathMarks(saga.steps, events);
  const actions = availableActions(saga);
  const children = saga.steps.filter((step) => step.child?.sagaId);
  return html`
    <p class="breadcrumb"><a href="#/sagas">Sagas</a> / <span class="mono">${saga.id}</span></p>
    <h1>Saga <span class="mono">${saga.id.slice(0, 8)}</span> <${StatusBadge} status=${saga.status} /></h1>
    <dl class="facts">
      <div>
        <dt>Definition</dt>
        <dd><a href=${`#/definitions/${saga.definition}?version=${saga.version}`}>${saga.definition} v${saga.version}</a></dd>
      </div>
      <div>
        <dt>Status</dt>
        <dd data-saga-status=${saga.status}>${saga.status}</dd>
      </div>
      <div>
        <dt>Created</dt>
        <dd>${formatTime(saga.createdAt)}</dd>
      </div>
      <div>
        <dt>Updated</dt>
        <dd>${formatTime(saga.updatedAt)}</dd>
      </div>
      ${
        saga.parentSagaId &&
        html`<div>
          <dt>Parent saga</dt>
          <dd><a class="mono" href=${`#/sagas/${saga.parentSagaId}`}>${saga.parentSagaId.slice(0, 8)}</a> (step ${saga.parentStep})</dd>
        </div>`
      }
      ${
        children.length > 0 &&
        html`<div>
          <dt>Child sagas</dt>
          <dd>
            ${children.map((step) => html`<a class="mono" href=${`#/sagas/${step.child.sagaId}`}>${step.name}: ${step.child.status ?? 'running'}</a> `)}
          </dd>
        </div>`
      }
    </dl>
    <section aria-labelledby="actions-title" class="actions">
      <h2 id="actions-title">Operator actions</h2>
      ${
        actions.length === 0
          ? html`<p class="muted">None: the saga is ${saga.status.toLowerCase().replaceAll('_', ' ')}.</p>`
          : html`<div class="action-buttons">
              ${actions.map((candidate) => html`<button type="button" class=${candidate.danger ? 'danger' : ''} data-action=${candidate.key} onClick=${() => setAction(candidate)}>${candidate.label}</button>`)}
            </div>`
      }
      ${notice && html`<p role="status" class="notice">${notice}</p>`}
    </section>
    ${
      action &&
      html`<${ConfirmDialog}
        ...${action}
        onConfirm=${async (values) => {
          await action.run(values);
          setNotice(`${action.confirmLabel}: accepted.`);
          await load();
        }}
        onClose=${() => setAction(null)}
      />`
    }
    <section aria-labelledby="diagram-title">
      <h2 id="diagram-title">Path through the definition</h2>
      ${
        definition
          ? html`<${Diagram} steps=${definition.steps} marks=${marks} title=${`${saga.definition} v${saga.version} with this saga's path`} />`
          : html`<p role="status">Loading the definition…</p>`
      }
    </section>
    <section aria-labelledby="log-title">
      <h2 id="log-title">Timeline</h2>
      <${Timeline} events=${events} />
    </section>
    <section aria-labelledby="io-title">
      <h2 id="io-title">Input and output</h2>
      <${JsonBlock} value=${saga.input} summary="Input" />
      ${
        saga.output === null || saga.output === undefined
          ? html`<p class="muted">No output: the saga ${saga.status === 'COMPLETED' ? 'returned none' : 'did not complete'}.</p>`
          : html`<${JsonBlock} value=${saga.output} summary="Output" />`
      }
    </section>
  `;
}
