import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { ago, ErrorMessage, formatTime } from '../components/common.js';
import { html } from '../html.js';

/** How often the page re-reads the participants (last seen and queue depth change by themselves). */
const REFRESH_MS = 5000;

export function ParticipantsPage() {
  const [participants, setParticipants] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    const load = () => api('/v1/participants').then((list) => (setParticipants(list), setError(null)), setError);
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  return html`
    <h1>Participants</h1>
    <${ErrorMessage} error=${error} />
    ${
      participants === null
        ? html`<p role="status">Loading…</p>`
        : html`<table class="participants">
            <caption>
              Services that announced themselves; refreshed every ${REFRESH_MS / 1000} s
            </caption>
            <thead>
              <tr>
                <th scope="col">Participant</th>
                <th scope="col">Commands</th>
                <th scope="col">Compensations</th>
                <th scope="col">Last seen</th>
                <th scope="col">Queue depth</th>
                <th scope="col">Consumers</th>
                <th scope="col">Instances</th>
              </tr>
            </thead>
            <tbody>
              ${
                participants.length === 0 &&
                html`<tr>
                  <td colspan="7" class="muted">No participant has announced itself yet.</td>
                </tr>`
              }
              ${participants.map(
                (participant) =>
                  html`<tr data-participant=${participant.name}>
                    <th scope="row">${participant.name}</th>
                    <td>${participant.commands.map((command) => html`<code>${command}</code> `)}</td>
                    <td>${participant.compensations.map((command) => html`<code>${command}</code> `)}</td>
                    <td>
                      <time datetime=${participant.lastSeenAt} title=${formatTime(participant.lastSeenAt)}>${ago(participant.lastSeenAt)}</time>
                    </td>
                    <td data-queue-depth>${participant.queue ? participant.queue.messages : html`<span class="muted">unknown</span>`}</td>
                    <td>${participant.queue ? participant.queue.consumers : html`<span class="muted">unknown</span>`}</td>
                    <td>
                      ${participant.instances.slice(0, 3).join(', ')}${participant.instances.length > 3 ? ` +${participant.instances.length - 3}` : ''}
                    </td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
  `;
}
