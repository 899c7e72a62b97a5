import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { ago, ErrorMessage, formatTime } from '../components/common.js';
import { html } from '../html.js';

/** How often the page re-reads subscriptions and deliveries (attempts happen by themselves). */
const REFRESH_MS = 5000;
/** Newest deliveries shown per subscription. */
const DELIVERIES = 10;

/** Read-only: subscriptions with their state, and the newest deliveries of each with every attempt. */
export function WebhooksPage() {
  const [subscriptions, setSubscriptions] = useState(null);
  const [deliveries, setDeliveries] = useState({});
  const [error, setError] = useState(null);
  useEffect(() => {
    const load = async () => {
      try {
        const list = await api('/v1/webhooks');
        const pairs = await Promise.all(
          list.map(async (subscription) => [subscription.id, await api(`/v1/webhooks/${subscription.id}/deliveries?limit=${DELIVERIES}`)]),
        );
        setSubscriptions(list);
        setDeliveries(Object.fromEntries(pairs));
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
    <h1>Webhooks</h1>
    <${ErrorMessage} error=${error} />
    ${
      subscriptions === null
        ? html`<p role="status">Loading…</p>`
        : subscriptions.length === 0
          ? html`<p class="muted">No webhook subscription yet: <code>POST /v1/webhooks</code> (docs/webhooks.md).</p>`
          : subscriptions.map(
              (subscription) => html`<${Subscription} subscription=${subscription} deliveries=${deliveries[subscription.id] ?? []} />`,
            )
    }
  `;
}

function Subscription({ subscription, deliveries }) {
  return html`
    <section class="webhook" data-webhook=${subscription.id} aria-labelledby=${`webhook-${subscription.id}`}>
      <h2 id=${`webhook-${subscription.id}`}><code>${subscription.url}</code></h2>
      <p>
        ${
          subscription.enabled
            ? html`<span class="badge status-completed" data-webhook-state>enabled</span>`
            : html`<span class="badge status-compensation-failed" data-webhook-state>disabled</span> ${subscription.disabledReason}`
        }
        · events ${subscription.events.map((event) => html`<code>${event}</code> `)} · definitions
        ${subscription.definitions.length === 0 ? 'all' : subscription.definitions.map((name) => html`<code>${name}</code> `)}
        ${subscription.consecutiveFailures > 0 && html` · ${subscription.consecutiveFailures} failed in a row`}
        ${subscription.description && html` · ${subscription.description}`}
      </p>
      <table class="deliveries">
        <caption>
          Newest ${DELIVERIES} deliveries; refreshed every ${REFRESH_MS / 1000} s
        </caption>
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">Saga</th>
            <th scope="col">Status</th>
            <th scope="col">Attempts</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          ${
            deliveries.length === 0 &&
            html`<tr>
              <td colspan="5" class="muted">No delivery yet.</td>
            </tr>`
          }
          ${deliveries.map(
            (delivery) =>
              html`<tr data-delivery=${delivery.id}>
                <td><code>${delivery.event}</code></td>
                <td><a href=${`#/sagas/${delivery.sagaId}`}>${delivery.sagaId.slice(0, 8)}</a></td>
                <td>${delivery.status}${delivery.nextAttemptAt && html` <span class="muted">next ${formatTime(delivery.nextAttemptAt)}</span>`}</td>
                <td>
                  <ol class="attempts">
                    ${delivery.attempts.map(
                      (attempt) =>
                        html`<li data-attempt=${attempt.attempt} class=${attempt.succeeded ? 'ok' : 'failed'}>
                          ${attempt.succeeded ? 'ok' : attempt.error} (${attempt.durationMs} ms,
                          <time datetime=${attempt.startedAt} title=${formatTime(attempt.startedAt)}>${ago(attempt.startedAt)}</time>)
                        </li>`,
                    )}
                  </ol>
                </td>
                <td><time datetime=${delivery.createdAt} title=${formatTime(delivery.createdAt)}>${ago(delivery.createdAt)}</time></td>
              </tr>`,
          )}
        </tbody>
      </table>
    </section>
  `;
}
