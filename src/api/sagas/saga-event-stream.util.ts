import type { SagaChangeFeed } from '../../orchestration/monitoring/saga-change-feed.service.js';

/** The parts of Express's request an event stream uses. */
export interface EventStreamRequest {
  on(event: 'close', listener: () => void): unknown;
}

/** The parts of Express's response an event stream uses. */
export interface EventStreamResponse {
  status(code: number): unknown;
  setHeader(name: string, value: string): unknown;
  flushHeaders(): void;
  write(chunk: string): boolean;
  end(): unknown;
}

/** A comment line this often keeps idle proxies and load balancers from closing the stream. */
const HEARTBEAT_MS = 15_000;
/** How long a client waits before reconnecting after the stream ended. */
const RECONNECT_MS = 2_000;

/**
 * Serves one `text/event-stream` of saga changes until the client goes away or the feed closes
 * (at shutdown). Each change is `event: saga` with the summary as JSON data.
 */
export function openSagaEventStream(feed: SagaChangeFeed, request: EventStreamRequest, response: EventStreamResponse): void {
  response.status(200);
  response.setHeader('content-type', 'text/event-stream; charset=utf-8');
  response.setHeader('cache-control', 'no-cache, no-transform');
  response.setHeader('x-accel-buffering', 'no');
  // The connection is not reused after the stream: nothing idles on it when the server shuts down.
  response.setHeader('connection', 'close');
  response.flushHeaders();
  response.write(`retry: ${RECONNECT_MS}\n: connected\n\n`);

  let open = true;
  let unsubscribe: () => void = () => undefined;
  const heartbeat = setInterval(() => response.write(': keep-alive\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  const close = () => {
    if (!open) return;
    open = false;
    clearInterval(heartbeat);
    unsubscribe();
    response.end();
  };
  unsubscribe = feed.subscribe({
    changed: (saga) => {
      if (open) response.write(`event: saga\ndata: ${JSON.stringify(saga)}\n\n`);
    },
    closed: close,
  });
  request.on('close', close);
}
