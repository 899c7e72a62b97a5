import { html } from '../html.js';
import { statusClass } from '../lib/saga-path.js';

/** A status as text with a colour that is never the only cue. */
export function StatusBadge({ status }) {
  return html`<span class=${`badge status-${statusClass(status)}`}>${status}</span>`;
}

export function formatTime(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  return date.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** `3 s ago`, `5 min ago`, … */
export function ago(iso, now = Date.now()) {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86_400)} d ago`;
}

/** JSON behind a disclosure, so long payloads do not push the page apart. */
export function JsonBlock({ value, summary = 'JSON', open = false }) {
  if (value === undefined || value === null) return html`<span class="muted">—</span>`;
  return html`<details open=${open}>
    <summary>${summary}</summary>
    <pre class="json">${JSON.stringify(value, null, 2)}</pre>
  </details>`;
}

export function ErrorMessage({ error }) {
  return error ? html`<p role="alert" class="error">${error.message ?? String(error)}</p>` : null;
}
