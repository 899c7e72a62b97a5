import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { ago, ErrorMessage, formatTime } from '../components/common.js';
import { html } from '../html.js';

/** How often the page re-reads the operations (workers make progress by themselves). */
const REFRESH_MS = 2000;
/** Newest operations shown. */
const SHOWN = 20;

/** Read-only: the newest bulk operations, each with its filter and its progress per outcome (docs/bulk-operations.md). */
export function BulkOperationsPage() {
  const [operations, setOperations] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    const load = async () => {
      try {
        setOperations((await api(`/v1/bulk-operations?limit=${SHOWN}`)).items);
        setError(null);
      } catch (failure) {
        setError(failure);
      }
    };
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  return html`
    <h1>Bulk operations</h1>
    <${ErrorMessage} error=${error} />
    ${
      operations === null
        ? html`<p role="status">Loading…</p>`
        : operations.length === 0
          ? html`<p class="muted">No bulk operation yet: <code>POST /v1/bulk-operations</code> (docs/bulk-operations.md).</p>`
          : html`<table class="bulk-operations">
              <caption>
                Newest ${SHOWN} operations; refreshed every ${REFRESH_MS / 1000} s
              </caption>
              <thead>
                <tr>
                  <th scope="col">Action</th>
                  <th scope="col">Filter</th>
                  <th scope="col">Status</th>
                  <th scope="col">Progress</th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
                ${operations.map((operation) => html`<${Operation} operation=${operation} />`)}
              </tbody>
            </table>`
    }
  `;
}

function Operation({ operation }) {
  const { pending, done, skipped, cancelled } = operation.totals;
  const settled = done + skipped + cancelled;
  return html`<tr data-bulk-operation=${operation.id}>
    <td><code>${operation.action}</code>${operation.step && html` <code>${operation.step}</code>`}</td>
    <td>${Object.entries(operation.filter).map(([field, value]) => html`<code>${field}=${String(value)}</code> `)}</td>
    <td data-bulk-status>${operation.status}</td>
    <td>
      <progress
        max=${Math.max(operation.matched, 1)}
        value=${operation.matched === 0 ? 1 : settled}
        aria-label=${`${settled} of ${operation.matched} sagas settled`}
      ></progress>
      <span data-bulk-totals>${done} done · ${skipped} skipped · ${cancelled} cancelled · ${pending} pending of ${operation.matched}</span>
    </td>
    <td>
      <time datetime=${operation.createdAt} title=${formatTime(operation.createdAt)}>${ago(operation.createdAt)}</time>
      ${operation.createdBy && html` by <code>${operation.createdBy}</code>`}
    </td>
  </tr>`;
}
