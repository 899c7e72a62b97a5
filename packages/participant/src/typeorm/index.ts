/**
 * The TypeORM adapter of the participant SDK: `typeormTransactions(dataSource)` makes every
 * handler's `ctx.tx` a TypeORM `EntityManager` bound to the fenced transaction (a `QueryRunner`
 * of `dataSource` that the SDK opened, whose transaction also holds the fence lock and row).
 * `typeorm` is an optional peer dependency: only applications that import this entry point need it.
 *
 * @packageDocumentation
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { OpenTransaction, TransactionAdapter } from '../core/transaction-adapter.js';
import { UnsupportedDatabaseError } from '../core/transaction-adapter.js';

/**
 * Handlers get the `EntityManager` of the command's `QueryRunner` (`ctx.tx.getRepository(…)`,
 * `ctx.tx.save(…)`, `ctx.tx.query(…)`; the runner itself is `ctx.tx.queryRunner`). Do not call
 * `ctx.tx.transaction(…)` expecting a separate commit: it nests in the fenced transaction
 * (a savepoint), which the SDK commits or rolls back as a whole.
 *
 * `dataSource` must be a PostgreSQL one (`type: 'postgres'`): anything else is refused here with
 * an `UnsupportedDatabaseError`. It must be initialized before the participant starts.
 */
export function typeormTransactions(dataSource: DataSource): TransactionAdapter<EntityManager> {
  const type = String(dataSource.options.type);
  if (type !== 'postgres') throw new UnsupportedDatabaseError('TypeORM', type);
  return {
    library: 'typeorm',
    async begin(): Promise<OpenTransaction<EntityManager>> {
      if (!dataSource.isInitialized)
        throw new Error('The TypeORM DataSource given to typeormTransactions is not initialized: call dataSource.initialize() first');
      const runner = dataSource.createQueryRunner();
      try {
        await runner.connect();
        await runner.startTransaction();
      } catch (error) {
        await runner.release().catch(() => undefined);
        throw error;
      }
      return {
        handle: runner.manager,
        query: async <Row extends object>(text: string, values?: readonly unknown[]) => {
          const result = await runner.query(text, values === undefined ? undefined : [...values], true);
          return { rows: result.records as Row[], rowCount: typeof result.affected === 'number' ? result.affected : null };
        },
        commit: () => runner.commitTransaction(),
        rollback: async () => {
          if (runner.isTransactionActive) await runner.rollbackTransaction();
        },
        release: () => runner.release(),
      };
    },
  };
}
