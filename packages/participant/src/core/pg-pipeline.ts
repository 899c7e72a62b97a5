import type pg from 'pg';

/** The parts of pg's client this reaches into: its pipeline mode and its socket. */
interface PipelinableClient {
  pipeline?: boolean;
  connection?: { stream?: { cork?: () => void; uncork?: () => void } };
}

/**
 * Pipeline mode for one checked-out `pg` client, for the SDK's own statements: while it is on,
 * the statements issued in one event-loop turn leave in one socket write (the socket is corked
 * until the next turn) and are answered in one round trip, in order. PostgreSQL still runs them
 * one after another, each with its own snapshot. A `pg` without pipeline mode ignores the flag and
 * sends them one after another. Cursors and the `rows` option do not work in pipeline mode, so
 * it is off whenever the handler's own statements run.
 */
export class PgPipeline {
  private corked = false;

  constructor(private readonly client: pg.PoolClient) {}

  on(): void {
    (this.client as unknown as PipelinableClient).pipeline = true;
    this.cork();
  }

  /** Only once every statement sent in pipeline mode has been answered. */
  off(): void {
    (this.client as unknown as PipelinableClient).pipeline = false;
  }

  private cork(): void {
    const stream = (this.client as unknown as PipelinableClient).connection?.stream;
    if (this.corked || typeof stream?.cork !== 'function' || typeof stream.uncork !== 'function') return;
    stream.cork();
    this.corked = true;
    // setImmediate, not nextTick: statements issued after awaits on settled promises still join.
    setImmediate(() => {
      this.corked = false;
      stream.uncork?.();
    });
  }
}
