import { once } from 'node:events';
import { createConnection, createServer, type Socket } from 'node:net';

/** A TCP proxy between a service and PostgreSQL or RabbitMQ that a test can make misbehave. */
export interface TcpProxy {
  /** The loopback port to point the service at. */
  readonly port: number;
  /** Connections currently open through the proxy. */
  readonly connections: number;
  /** Connections the service side closed while the proxy was paused: it noticed the silence itself. */
  readonly closedByClientWhilePaused: number;
  /** Client requests whose answer was dropped (see `dropAnswerTo`). */
  readonly answersDropped: number;
  /**
   * The network goes silent: sockets stay open but no byte passes either way (a half-open
   * connection as the service sees it). New connections are accepted and hang likewise.
   * What was sent meanwhile is held and delivered on `resume()`, as TCP would retransmit it.
   */
  pause(): void;
  /** Destroys every open connection (both sides), like a reset. New connections still work unless paused. */
  cut(): void;
  /** Bytes flow again; held bytes are delivered in order. */
  resume(): void;
  /** Cuts everything and stops listening. */
  close(): Promise<void>;
}

export interface TcpProxyOptions {
  readonly targetPort: number;
  readonly targetHost?: string;
  /**
   * When it returns true for a chunk the client sent, the chunk still reaches the server, but the
   * connection is cut the moment the server answers, and the answer is handed to `onDroppedAnswer`
   * instead of the client: the request took effect, the caller saw a broken connection.
   */
  readonly dropAnswerTo?: (request: Buffer) => boolean;
  readonly onDroppedAnswer?: (answer: Buffer) => void;
}

/** One proxied connection: client ⇄ upstream, with what is held while paused. */
class Pipe {
  private readonly held: { to: Socket; chunk: Buffer }[] = [];
  private readonly heldCloses: Array<() => void> = [];
  /** The next answer from the server is dropped and the connection cut. */
  private dropNextAnswer = false;

  constructor(
    readonly client: Socket,
    readonly upstream: Socket,
    private readonly isPaused: () => boolean,
    options: TcpProxyOptions,
    onAnswerDropped: () => void,
  ) {
    client.on('data', (chunk: Buffer) => {
      if (!this.dropNextAnswer && options.dropAnswerTo?.(chunk) === true) this.dropNextAnswer = true;
      this.pass(upstream, chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (this.dropNextAnswer) {
        this.dropNextAnswer = false;
        onAnswerDropped();
        options.onDroppedAnswer?.(chunk);
        this.destroy();
        return;
      }
      this.pass(client, chunk);
    });
    // While paused not even a FIN or a reset passes: each side learns nothing of the other's
    // close until `resume()` (or `cut()`), as over a dead network path.
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      from.on('end', () => this.propagate(() => to.end()));
      from.on('error', () => this.propagate(() => to.destroy()));
      from.on('close', () => this.propagate(() => to.destroy()));
    }
  }

  private propagate(close: () => void): void {
    if (this.isPaused()) this.heldCloses.push(close);
    else close();
  }

  private pass(to: Socket, chunk: Buffer): void {
    if (this.isPaused()) this.held.push({ to, chunk });
    else if (!to.destroyed) to.write(chunk);
  }

  flush(): void {
    for (const { to, chunk } of this.held.splice(0)) if (!to.destroyed) to.write(chunk);
    for (const close of this.heldCloses.splice(0)) close();
  }

  destroy(): void {
    this.held.length = 0;
    this.client.destroy();
    this.upstream.destroy();
  }
}

/**
 * Starts a proxy on a free loopback port that forwards to `targetHost:targetPort`.
 * @example
 * const proxy = await startTcpProxy({ targetPort: 5432 });
 * // DATABASE_URL=postgres://postgres@127.0.0.1:${proxy.port}/db
 * proxy.pause(); proxy.cut(); proxy.resume(); await proxy.close();
 */
export async function startTcpProxy(options: TcpProxyOptions): Promise<TcpProxy> {
  const pipes = new Set<Pipe>();
  let paused = false;
  let closedByClientWhilePaused = 0;
  let answersDropped = 0;
  const server = createServer((client) => {
    client.setNoDelay(true);
    const upstream = createConnection({ port: options.targetPort, host: options.targetHost ?? '127.0.0.1', noDelay: true });
    const pipe = new Pipe(
      client,
      upstream,
      () => paused,
      options,
      () => {
        answersDropped += 1;
      },
    );
    pipes.add(pipe);
    // The client ended or reset its side while nothing passed: it gave up on the silence.
    let gaveUpCounted = false;
    const gaveUp = (): void => {
      if (paused && pipes.has(pipe) && !gaveUpCounted) {
        gaveUpCounted = true;
        closedByClientWhilePaused += 1;
      }
    };
    client.on('end', gaveUp);
    client.on('error', gaveUp);
    // Forgotten once both sides are gone (a close held while paused still has to pass on resume).
    const forget = (): void => {
      if (client.destroyed && upstream.destroyed) pipes.delete(pipe);
    };
    client.on('close', forget);
    upstream.on('close', forget);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('tcp proxy: no port');

  const cut = (): void => {
    for (const pipe of pipes) pipe.destroy();
    pipes.clear();
  };
  return {
    port: address.port,
    get connections() {
      return pipes.size;
    },
    get closedByClientWhilePaused() {
      return closedByClientWhilePaused;
    },
    get answersDropped() {
      return answersDropped;
    },
    pause: () => {
      paused = true;
    },
    cut,
    resume: () => {
      paused = false;
      for (const pipe of pipes) pipe.flush();
    },
    close: async () => {
      cut();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
