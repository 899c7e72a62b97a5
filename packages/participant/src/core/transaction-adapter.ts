/** What one SQL statement returns: the rows it produced and how many rows it touched. */
export interface SqlResult<Row> {
  readonly rows: Row[];
  readonly rowCount: number | null;
}

/**
 * One database transaction the SDK opened for a command: the fence statements run through
 * `query`, the handler writes through `handle` (the same connection, the same transaction), and
 * the SDK alone commits or rolls back.
 */
export interface OpenTransaction<Tx> {
  /** What the handler gets as `ctx.tx`: a `pg` client, a TypeORM `EntityManager`, a `Knex.Transaction`… */
  readonly handle: Tx;
  /** Runs one statement of the SDK's own (fence) in the transaction; `$1`, `$2`… are the parameters. */
  query<Row extends object = Record<string, unknown>>(text: string, values?: readonly unknown[]): Promise<SqlResult<Row>>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  /**
   * Gives the connection back. `broken` is set when a statement failed: the connection may be
   * dead, so an adapter that can should discard rather than reuse it.
   */
  release(broken?: Error): Promise<void>;
  /**
   * Optional. Runs `statements`, which issue several of the SDK's own statements at once (the
   * step's lock with the fence read; the fence record with COMMIT), so that they can leave in
   * one socket write and be answered in one round trip. Without it they run one after another,
   * as the driver queues them. The handler's own statements never run inside it.
   */
  pipelined?<T>(statements: () => Promise<T>): Promise<T>;
}

/**
 * How the SDK opens the transaction a handler writes in. One per persistence library: plain
 * `pg` (`pgTransactions`, the default when `fence.pool` is given), TypeORM
 * (`@saga-coordinator/participant/typeorm`) and Knex (`@saga-coordinator/participant/knex`).
 * Every adapter works on PostgreSQL only and refuses another driver when it is created.
 */
export interface TransactionAdapter<Tx> {
  /** Names the library in logs and errors (`pg`, `typeorm`, `knex`). */
  readonly library: string;
  /** Opens a connection and begins a transaction on it (`BEGIN` sent now, or with its first statement at the latest). */
  begin(): Promise<OpenTransaction<Tx>>;
  /**
   * Called once when the participant starts, with a sink for errors the library reports outside
   * any statement (an idle connection lost); returns what undoes it at stop. Optional.
   */
  watch?(onError: (error: Error) => void): () => void;
}

/** Thrown when an adapter is given a connection to anything but PostgreSQL. */
export class UnsupportedDatabaseError extends TypeError {
  constructor(library: string, found: string) {
    super(
      `@saga-coordinator/participant supports PostgreSQL only: the ${library} connection given uses ${JSON.stringify(found)}. ` +
        'The fence relies on PostgreSQL advisory locks, jsonb and ON CONFLICT; connect it to PostgreSQL.',
    );
    this.name = 'UnsupportedDatabaseError';
  }
}
