import { once } from 'node:events';
import { createConnection, createServer, type Socket } from 'node:net';

/** A TCP proxy between a service and PostgreSQL or RabbitMQ that a test can make misbehave. */
export interface TcpProxy {
  /** The loopback port to point the service at. */
  readonly port: number;
  /** Connections currently open through the proxy. */
  readonly connections: number;
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
}

/** One proxied connection: client ⇄ upstream, with what is held while paused. */
class Pipe {
  private readonly held: { to: Socket; chunk: Buffer }[] = [];

  constructor(
    readonly client: Socket,
    readonly upstream: Socket,
    private readonly isPaused: () => boolean,
  ) {
    client.on('data', (chunk: Buffer) => this.pass(upstream, chunk));
    upstream.on('data', (chunk: Buffer) => this.pass(client, chunk));
    for (const [from, to] of [[client, upstream], [upstream, client]] as const) {
      from.on('end', () => to.end());
      from.on('error', () => to.destroy());
      from.on('close', () => to.destroy());
    }
  }

  private pass(to: Socket, chunk: Buffer): void {
    if (this.isPaused()) this.held.push({ to, chunk });
    else if (!to.destroyed) to.write(chunk);
  }

  flush(): void {
    for (const { to, chunk } of this.held.splice(0)) if (!to.destroyed) to.write(chunk);
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
  const server = createServer((client) => {
    client.setNoDelay(true);
    const upstream = createConnection({ port: options.targetPort, host: options.targetHost ?? '127.0.0.1', noDelay: true });
    const pipe = new Pipe(client, upstream, () => paused);
    pipes.add(pipe);
    client.on('close', () => pipes.delete(pipe));
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
