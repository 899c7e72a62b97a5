import type pg from 'pg';
import { PgPipeline } from './pg-pipeline.js';
import type { OpenTransaction, TransactionAdapter } from './transaction-adapter.js';

/** The transaction a handler writes its business change in with plain `pg`; the fence row commits with it. */
export type TransactionClient = Pick<pg.PoolClient, 'query'>;

/**
 * The plain `pg` adapter: each command checks a client out of `pool`, and the handler gets that
 * client (`ctx.tx.query(...)`) inside the transaction. `createParticipant({ fence: { pool } })`
 * uses it; pass it explicitly as `fence: { transactions: pgTransactions(pool) }` if you prefer.
 */
export function pgTransactions(pool: pg.Pool): TransactionAdapter<TransactionClient> {
  // pg emits a backend's FATAL (a terminated backend, a server restart) as an 'error' on the
  // client itself when none of its queries is active. The pool listens only while a client is
  // idle, `begin` below only while a command holds it; a listener for each connection's whole
  // life closes the gaps between, where an 'error' nobody hears would crash the process (seen
  // once under chaos fault 15). The error still reaches whoever uses the connection next.
  pool.on('connect', (client) => client.on('error', ignoreReportedElsewhere));
  return {
    library: 'pg',
    async begin(): Promise<OpenTransaction<TransactionClient>> {
      const client = await pool.connect();
      // A checked-out client has no pool listener: without ours, a dropped connection would
      // crash the process with an unhandled 'error' event. The failing query reports it too.
      let lost: Error | undefined;
      const onClientError = (error: Error): void => {
        lost = error;
      };
      client.on('error', onClientError);
      const release = (broken?: Error): void => {
        // A client whose statement failed may hold a dead socket: destroy it rather than pool it.
        // A discarded client keeps our listener: the FATAL of a terminated backend can still
        // arrive while it closes, and an 'error' nobody hears would crash the process. A healthy
        // client goes back to the pool, which listens to it from then on.
        const reason = broken ?? lost;
        if (reason === undefined) client.off('error', onClientError);
        client.release(reason);
      };
      const pipeline = new PgPipeline(client);
      // BEGIN leaves with the first statement (the step's lock and fence read, pipelined): one
      // round trip less per command. pg sends queued statements in order, so nothing can run
      // before it; should it fail, that first statement reports it and nothing has been written.
      let begun: Promise<unknown> | undefined;
      const begin = (): Promise<unknown> => {
        begun ??= client.query('BEGIN');
        return begun;
      };
      const statement = async (text: string, values?: readonly unknown[]): Promise<pg.QueryResult> => {
        const [, result] = await Promise.all([begin(), client.query(text, values as unknown[] | undefined)]);
        return result;
      };
      return {
        handle: client,
        query: async <Row extends object>(text: string, values?: readonly unknown[]) => {
          const result = await statement(text, values);
          return { rows: result.rows as Row[], rowCount: result.rowCount };
        },
        commit: async () => void (await statement('COMMIT')),
        rollback: async () => {
          if (begun !== undefined) await statement('ROLLBACK');
        },
        pipelined: async <T>(statements: () => Promise<T>): Promise<T> => {
          pipeline.on();
          try {
            return await statements();
          } finally {
            pipeline.off();
          }
        },
        release: async (broken?: Error) => {
          pipeline.off();
          release(broken);
        },
      };
    },
    watch(onError: (error: Error) => void): () => void {
      pool.on('error', onError);
      return () => pool.off('error', onError);
    },
  };
}

/** The failing query, or the pool's 'error' for an idle client, reports the error. */
function ignoreReportedElsewhere(): void {}
