import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';

/**
 * A modal confirmation (native <dialog>: focus is trapped and Escape closes it). `fields` are
 * the inputs the action needs ({ name, label, kind: 'text'|'textarea'|'json', required, value }).
 * `onConfirm(values)` performs the action; its error (problem+json detail) is shown in the dialog.
 */
export function ConfirmDialog({ title, description, confirmLabel, danger = false, fields = [], onConfirm, onClose }) {
  const dialog = useRef(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    dialog.current.showModal();
  }, []);
  const submit = async (event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const values = {};
    try {
      for (const field of fields) {
        const raw = String(form.get(field.name) ?? '').trim();
        if (field.kind === 'json') {
          try {
            values[field.name] = raw === '' ? {} : JSON.parse(raw);
          } catch {
            throw new Error(`${field.label}: not valid JSON.`);
          }
        } else values[field.name] = raw === '' ? undefined : raw;
      }
      setBusy(true);
      await onConfirm(values);
      dialog.current.close();
      onClose(true);
    } catch (failure) {
      setError(failure.message);
    } finally {
      setBusy(false);
    }
  };
  return html`
    <dialog
      ref=${dialog}
      aria-labelledby="dialog-title"
      aria-describedby="dialog-description"
      onClose=${() => onClose(false)}
      onCancel=${() => onClose(false)}
    >
      <form onSubmit=${submit}>
        <h2 id="dialog-title">${title}</h2>
        <p id="dialog-description">${description}</p>
        ${fields.map(
          (field) => html`
            <label for=${`field-${field.name}`}>${field.label}${field.required ? '' : ' (optional)'}</label>
            ${
              field.kind === 'text'
                ? html`<input id=${`field-${field.name}`} name=${field.name} required=${field.required} value=${field.value ?? ''} />`
                : html`<textarea id=${`field-${field.name}`} name=${field.name} rows=${field.kind === 'json' ? 5 : 3} required=${field.required}>
${field.value ?? ''}</textarea>`
            }
          `,
        )}
        ${error && html`<p role="alert" class="error">${error}</p>`}
        <div class="dialog-actions">
          <button type="button" onClick=${() => dialog.current.close()}>Back</button>
          <button type="submit" class=${danger ? 'danger' : 'primary'} disabled=${busy}>${busy ? 'Working…' : confirmLabel}</button>
        </div>
      </form>
    </dialog>
  `;
}
