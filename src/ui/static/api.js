// The dashboard's only way to the data: the /v1 API, with the API key entered once per session.
import { EventStreamParser } from './lib/event-stream-parser.js';

const KEY_STORAGE = 'saga-coordinator.api-key';

export const apiKey = {
  get: () => sessionStorage.getItem(KEY_STORAGE),
  set: (key) => sessionStorage.setItem(KEY_STORAGE, key),
  clear: () => sessionStorage.removeItem(KEY_STORAGE),
};

/** An API refusal, carrying the problem+json the server sent. */
export class ApiError extends Error {
  constructor(status, problem) {
    const pointers = (problem?.errors ?? []).map((error) => `${error.pointer}: ${error.message}`).join('; ');
    super([problem?.detail ?? problem?.title ?? `HTTP ${status}`, pointers].filter(Boolean).join(' — '));
    this.status = status;
    this.problem = problem;
  }
}

function headers(extra = {}) {
  const key = apiKey.get();
  return { accept: 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}), ...extra };
}

// The page is served at /ui/: the API is at the site root.
const API_ROOT = new URL('../', document.baseURI);

export async function api(path, { method = 'GET', body } = {}) {
  const response = await fetch(new URL(path.replace(/^\//, ''), API_ROOT), {
    method,
    headers: headers(body === undefined ? {} : { 'content-type': 'application/json' }),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const payload = text === '' ? null : JSON.parse(text);
  if (!response.ok) throw new ApiError(response.status, payload);
  return payload;
}

/**
 * Follows GET /v1/sagas/stream with fetch (EventSource cannot send the Authorization header);
 * reconnects after a drop. Calls `onSaga(summary)` per change and `onState('live'|'reconnecting')`.
 * Returns a function that stops it.
 */
export function followSagaChanges(onSaga, onState) {
  let stopped = false;
  let controller;
  const run = async () => {
    while (!stopped) {
      controller = new AbortController();
      try {
        const response = await fetch(new URL('v1/sagas/stream', API_ROOT), {
          headers: headers({ accept: 'text/event-stream' }),
          signal: controller.signal,
        });
        if (!response.ok) throw new ApiError(response.status, null);
        onState('live');
        const parser = new EventStreamParser();
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          for (const event of parser.push(value)) if (event.event === 'saga') onSaga(JSON.parse(event.data));
        }
      } catch {
        if (stopped) return;
      }
      if (stopped) return;
      onState('reconnecting');
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  };
  run();
  return () => {
    stopped = true;
    controller?.abort();
  };
}
