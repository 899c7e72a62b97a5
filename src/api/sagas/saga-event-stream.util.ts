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
  /** False once the socket's buffer is full: write nothing more until `drain`. */
  write(chunk: string): boolean;
  on(event: 'drain', listener: () => void): unknown;
  end(): unknown;
  /** Drops the connection without flushing what is buffered (for a reader that fell too far behind). */
  destroy(): unknown;
}

/** The bounds of one stream. */
export interface EventStreamLimits {
  /** No saga event for this long ends the stream (`STREAM_IDLE_TIMEOUT_MS`). */
  readonly idleTimeoutMs: number;
  /** Events held for a reader that does not keep up, in bytes, before it is disconnected (`STREAM_MAX_BUFFERED_BYTES`). */
  readonly maxBufferedBytes: number;
}

/** A comment line this often keeps idle proxies and load balancers from closing the stream. */
const HEARTBEAT_MS = 15_000;
/** How long a client waits before reconnecting after the stream ended. */
const RECONNECT_MS = 2_000;

/**
 * Serves one `text/event-stream` of saga changes until the client goes away, the feed closes (at
 * shutdown), no saga event was sent for `idleTimeoutMs`, or the client falls more than
 * `maxBufferedBytes` behind. Each change is `event: saga` with the summary as JSON data.
 *
 * Back-pressure: once `write` returns false nothing more is written until `drain`; events wait in
 * a queue of at most `maxBufferedBytes`, and a reader that lets it overflow is disconnected (it
 * reconnects and re-reads the list) rather than held in memory without limit. `onClosed` runs
 * once, however the stream ends.
 */
export function openSagaEventStream(
  feed: SagaChangeFeed,
  request: EventStreamRequest,
  response: EventStreamResponse,
  limits: EventStreamLimits,
  onClosed: () => void = () => undefined,
): void {
  response.status(200);
  response.setHeader('content-type', 'text/event-stream; charset=utf-8');
  response.setHeader('cache-control', 'no-cache, no-transform');
  response.setHeader('x-accel-buffering', 'no');
  // The connection is not reused after the stream: nothing idles on it when the server shuts down.
  response.setHeader('connection', 'close');
  response.flushHeaders();

  let open = true;
  let blocked = false;
  const queued: string[] = [];
  let queuedBytes = 0;
  let unsubscribe: () => void = () => undefined;

  const write = (chunk: string) => {
    if (!response.write(chunk)) blocked = true;
  };
  const finish = (how: 'end' | 'destroy') => {
    if (!open) return;
    open = false;
    clearInterval(heartbeat);
    clearTimeout(idle);
    unsubscribe();
    queued.length = 0;
    if (how === 'end') response.end();
    else response.destroy();
    onClosed();
  };
  const close = () => finish('end');
  const sendEvent = (chunk: string) => {
    if (!open) return;
    idle.refresh();
    if (!blocked) return write(chunk);
    queued.push(chunk);
    queuedBytes += Buffer.byteLength(chunk);
    if (queuedBytes > limits.maxBufferedBytes) finish('destroy');
  };

  write(`retry: ${RECONNECT_MS}\n: connected\n\n`);
  response.on('drain', () => {
    blocked = false;
    while (open && !blocked && queued.length > 0) {
      const chunk = queued.shift()!;
      queuedBytes -= Buffer.byteLength(chunk);
      write(chunk);
    }
  });
  // A heartbeat is only for idle proxies: a reader that is behind gets none.
  const heartbeat = setInterval(() => {
    if (!blocked) write(': keep-alive\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();
  const idle = setTimeout(close, limits.idleTimeoutMs);
  idle.unref();
  unsubscribe = feed.subscribe({ changed: (saga) => sendEvent(`event: saga\ndata: ${JSON.stringify(saga)}\n\n`), closed: close });
  request.on('close', close);
}
