import pg from 'pg';

/** The error pg raises when a query got no answer within `query_timeout`. */
export const QUERY_READ_TIMEOUT_MESSAGE = 'Query read timeout';

/** Extra time the client waits beyond the server's statement_timeout before it gives up on the network. */
export const QUERY_TIMEOUT_MARGIN_MS = 5_000;

/** The client-side wait for an answer: the server cancels slow statements first; silence longer than this is the network. */
export function queryReadTimeoutMs(statementTimeoutMs: number | undefined): number {
  return (statementTimeoutMs ?? 15_000) + QUERY_TIMEOUT_MARGIN_MS;
}

/** True for pg's `query_timeout` error. */
export function isQueryReadTimeout(error: unknown): boolean {
  return error instanceof Error && error.message === QUERY_READ_TIMEOUT_MESSAGE;
}

/**
 * A pg client that drops its socket when a query times out on the client side (`query_timeout`).
 * pg only fails that one query and keeps the connection, so a half-open connection (the network
 * went silent) would go back to the pool and hang every later query too. Destroying the socket
 * makes the client end with an error, and the pool discards it.
 */
export class FailFastPgClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    const query = this.query.bind(this) as (...args: unknown[]) => unknown;
    this.query = ((...args: unknown[]) => {
      const result = query(...args);
      if (result instanceof Promise) {
        result.catch((error: unknown) => {
          if (isQueryReadTimeout(error)) this.dropSocket();
        });
      }
      return result;
    }) as typeof this.query;
  }

  private dropSocket(): void {
    const connection = (this as unknown as { connection?: { stream?: { destroy(error?: Error): void } } }).connection;
    connection?.stream?.destroy(new Error('PostgreSQL did not answer within query_timeout; connection dropped'));
  }
}
