import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type pg from 'pg';
import type { DataSource } from 'typeorm';
import {
  type SagaListFilter,
  SagaStore,
  type SagaTransaction,
  type StoredSaga,
  type StoredSagaEvent,
  type StoredSagaSummary,
} from '../../runtime/ports/saga-store.port.js';
import { isConnectionError, isRetryableTransactionError } from '../postgres-error.util.js';
import { PipelinedSession } from '../pipelined-session.js';
import { queryStore, toStoreError } from './store-access.util.js';
import { PostgresSagaTransaction } from './postgres-saga.transaction.js';
import { sagaMatchSql, sagaMatchParameters } from './saga-match.sql.js';
import { iso, SAGA_COLUMNS, SAGA_SUMMARY_COLUMNS, type SagaRow, type SagaSummaryRow, toStoredSaga, toStoredSagaSummary } from './sql-rows.util.js';

/** A step log row as selected by `events`. */
interface StepLogRow {
  seq: number;
  type: string;
  step: string | null;
  attempt: number | null;
  data: Record<string, unknown> | null;
  at: Date;
}

/** Runs of one transaction before a serialization failure or deadlock is given up on. */
const MAX_TRANSACTION_RUNS = 5;

/** `SagaStore` on PostgreSQL through TypeORM's DataSource, with raw SQL on the hot path. */
@Injectable()
export class SagaRepository extends SagaStore {
  private readonly logger = new Logger(SagaRepository.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async transaction<T>(work: (tx: SagaTransaction) => Promise<T>): Promise<T> {
    for (let run = 1; ; run++) {
      try {
        return await this.runOnce(work);
      } catch (error) {
        if (isRetryableTransactionError(error) && run < MAX_TRANSACTION_RUNS) {
          this.logger.debug(`transaction conflict (run ${run}), retrying`);
          // A little jitter so that two conflicting transactions do not collide again.
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * run));
          continue;
        }
        throw toStoreError(error);
      }
    }
  }

  /**
   * One run on a raw client from TypeORM's pool (no QueryRunner, no hydration): BEGIN travels
   * with the first statement and COMMIT with the last writes (see PipelinedSession).
   */
  private async runOnce<T>(work: (tx: SagaTransaction) => Promise<T>): Promise<T> {
    const session = new PipelinedSession(await this.pool().connect());
    const tx = new PostgresSagaTransaction(session);
    let broken: Error | undefined;
    try {
      tx.begin();
      const result = await work(tx);
      await tx.finish();
      return result;
    } catch (error) {
      await tx.abort().catch((rollbackError: unknown) => {
        // The connection is unusable (or in an unknown state): the pool must not hand it out again.
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      });
      if (isConnectionError(error)) broken ??= error as Error;
      throw error;
    } finally {
      session.release(broken);
    }
  }

  /** The pg pool TypeORM's PostgreSQL driver opened (shared with every other query of the app). */
  private pool(): pg.Pool {
    return (this.dataSource.driver as unknown as { master: pg.Pool }).master;
  }

  async find(id: string): Promise<StoredSaga | null> {
    const [row] = await queryStore<SagaRow[]>(this.dataSource, `SELECT ${SAGA_COLUMNS} FROM saga WHERE id = $1`, [id]);
    return row ? toStoredSaga(row) : null;
  }

  async events(sagaId: string): Promise<StoredSagaEvent[]> {
    const rows = await queryStore<StepLogRow[]>(
      this.dataSource,
      'SELECT seq, type, step, attempt, data, at FROM saga_event WHERE saga_id = $1 ORDER BY seq',
      [sagaId],
    );
    return rows.map((row) => ({ ...row, at: iso(row.at) }));
  }

  async list(filter: SagaListFilter): Promise<StoredSagaSummary[]> {
    const rows = await queryStore<SagaSummaryRow[]>(
      this.dataSource,
      `SELECT ${SAGA_SUMMARY_COLUMNS}
       FROM saga
       WHERE ${sagaMatchSql(0)}
         AND ($9::timestamptz IS NULL OR (created_at, id) < ($9::timestamptz, $10::uuid))
       ORDER BY created_at DESC, id DESC
       LIMIT $11`,
      [...sagaMatchParameters(filter), filter.after?.createdAt ?? null, filter.after?.id ?? null, filter.limit],
    );
    return rows.map(toStoredSagaSummary);
  }

  async msUntilNextTimer(): Promise<number | null> {
    const [row] = await queryStore<{ ms: number | null }[]>(
      this.dataSource,
      `SELECT (extract(epoch FROM min(due_at) - now()) * 1000)::float8 AS ms FROM saga_timer`,
      [],
    );
    return row?.ms ?? null;
  }
}
