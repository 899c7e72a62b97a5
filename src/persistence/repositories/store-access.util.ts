import type { DataSource, EntityManager } from 'typeorm';
import { StoreUnavailableError } from '../../orchestration/errors/store-unavailable.error.js';
import { isConnectionError } from '../postgres-error.util.js';

/** Connection loss becomes the application's `StoreUnavailableError`; anything else is a bug and stays as is. */
export function toStoreError(error: unknown): unknown {
  return isConnectionError(error) ? new StoreUnavailableError(error) : error;
}

/** One statement on the pool, its rows as `T`; connection loss throws `StoreUnavailableError`. */
export async function queryStore<T = unknown[]>(dataSource: DataSource, sql: string, parameters: unknown[]): Promise<T> {
  try {
    return await dataSource.query<T>(sql, parameters);
  } catch (error) {
    throw toStoreError(error);
  }
}

/** One TypeORM transaction on the pool; connection loss throws `StoreUnavailableError`. */
export async function inStoreTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  try {
    return await dataSource.transaction(work);
  } catch (error) {
    throw toStoreError(error);
  }
}
