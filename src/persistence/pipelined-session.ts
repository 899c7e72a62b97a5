import type pg from 'pg';

/** A statement PostgreSQL parses and plans once per connection (a named prepared statement). */
export interface NamedStatement {
  readonly name: string;
  readonly text: string;
}

/** The parts of pg's client this module reaches into: pipeline mode and the socket. */
interface PipelinableClient {
  pipeline: boolean;
  connection?: { stream?: { cork(): void; uncork(): void } };
}

/**
 * One pooled pg client in pipeline mode, with its socket corked until the next turn of the
 * event loop: every statement issued before the caller awaits an answer (BEGIN with the first
 * read; the last write with COMMIT) leaves in ONE socket write and is answered in one round
 * trip. The profile showed the per-statement socket write as the coordinator's largest cost.
 * Answers come back in order, so awaiting the last statement means all before it are done.
 */
export class PipelinedSession {
  private corked = false;
  /** A connection error while checked out (the pool only listens while a client is idle). */
  private failure: Error | undefined;
  private readonly onError = (error: Error) => {
    // Without a listener an 'error' event would crash the process; the pending statements fail on their own.
    this.failure ??= error;
  };

  constructor(private readonly client: pg.PoolClient) {
    (client as unknown as PipelinableClient).pipeline = true;
    client.on('error', this.onError);
  }

  /** Sends `statement` (named: prepared once per connection); resolves with its rows. */
  query<T>(statement: NamedStatement | string, values?: readonly unknown[]): Promise<T[]> {
    this.cork();
    const config =
      typeof statement === 'string'
        ? { text: statement, ...(values === undefined ? {} : { values: [...values] }) }
        : { name: statement.name, text: statement.text, values: values === undefined ? [] : [...values] };
    return this.client.query(config).then((result) => result.rows as T[]);
  }

  /** Returns the client to the pool (destroyed when `error` says the connection is unusable). */
  release(error?: Error): void {
    (this.client as unknown as PipelinableClient).pipeline = false;
    this.client.removeListener('error', this.onError);
    this.client.release(error ?? this.failure);
  }

  private cork(): void {
    if (this.corked) return;
    const stream = (this.client as unknown as PipelinableClient).connection?.stream;
    if (!stream) return;
    stream.cork();
    this.corked = true;
    // setImmediate, not nextTick: a chain of awaits on already-settled promises (the definition
    // cache, the engine) still belongs to this turn and its statements join the same write.
    setImmediate(() => {
      this.corked = false;
      stream.uncork();
    });
  }
}
