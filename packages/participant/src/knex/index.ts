/**
 * The Knex adapter of the participant SDK: `knexTransactions(knex)` makes every handler's
 * `ctx.tx` a `Knex.Transaction`: the fenced transaction itself, so `ctx.tx('table').insert(…)`
 * commits together with the fence row or not at all. `knex` is an optional peer dependency:
 * only applications that import this entry point need it.
 *
 * @packageDocumentation
 */
import type { Knex } from 'knex';
import type { OpenTransaction, TransactionAdapter } from '../core/transaction-adapter.js';
import { UnsupportedDatabaseError } from '../core/transaction-adapter.js';
import { toKnexBindings } from './knex-bindings.util.js';

/** The Knex PostgreSQL drivers: `pg` (client `pg` / `postgres` / `postgresql`) and `pg-native`. */
const PostgresDrivers = new Set(['pg', 'pgnative']);

/**
 * Handlers get the `Knex.Transaction` the SDK opened; never call `commit()` / `rollback()` on it
 * (the SDK does, with the fence row). `knex` must use a PostgreSQL client (`client: 'pg'`):
 * anything else (MySQL, SQLite, CockroachDB, Redshift…) is refused here with an
 * `UnsupportedDatabaseError`.
 */
export function knexTransactions(knex: Knex): TransactionAdapter<Knex.Transaction> {
  const client = knex.client as { dialect?: string; driverName?: string };
  if (client.dialect !== 'postgresql' || !PostgresDrivers.has(client.driverName ?? '')) {
    throw new UnsupportedDatabaseError('Knex', `${client.dialect ?? 'unknown'} (driver ${client.driverName ?? 'unknown'})`);
  }
  return {
    library: 'knex',
    async begin(): Promise<OpenTransaction<Knex.Transaction>> {
      const trx = await knex.transaction();
      return {
        handle: trx,
        query: async <Row extends object>(text: string, values: readonly unknown[] = []) => {
          const { sql, bindings } = toKnexBindings(text, values);
          const result = await trx.raw<{ rows: Row[]; rowCount: number | null }>(sql, bindings as Knex.RawBinding[]);
          return { rows: result.rows, rowCount: result.rowCount };
        },
        commit: async () => void (await trx.commit()),
        rollback: async () => {
          if (!trx.isCompleted()) await trx.rollback();
        },
        // Knex gives the connection back to its pool when the transaction completes; a
        // transaction left open by a failure is rolled back here so the connection is freed.
        release: async () => {
          if (!trx.isCompleted()) await trx.rollback().catch(() => undefined);
        },
      };
    },
  };
}
