import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type pg from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { type DeletedRows, HousekeepingStore } from '../../orchestration/ports/housekeeping-store.port.js';
import { inStoreTransaction, queryStore, toStoreError } from './store-access.util.js';

/**
 * Finished sagas whose retention has passed, oldest finish first, locked for this transaction
 * and skipped when another housekeeper holds them. One index range scan per definition version
 * (`saga_finished_idx`): each version has its own retention (`retentionMs` in its stored JSON, or
 * the default `$2`), and a running saga has no `finished_at`, so it is never in the range.
 * A parent waits for its children to go first (their rows reference it); a child whose parent
 * has not finished stays, since the parent may still ask it to compensate.
 */
const ClaimExpiredSagas = `
  SELECT expired.id FROM saga_definition d
  CROSS JOIN LATERAL (
    SELECT s.id FROM saga s
    WHERE s.definition_name = d.name AND s.definition_version = d.version
      AND s.finished_at IS NOT NULL
      AND s.finished_at < now() - coalesce((d.definition->>'retentionMs')::bigint, $2) * interval '1 millisecond'
      AND s.status IN ('COMPLETED', 'COMPENSATED')
      AND NOT EXISTS (SELECT 1 FROM saga child WHERE child.parent_saga_id = s.id)
      AND (s.parent_saga_id IS NULL
           OR EXISTS (SELECT 1 FROM saga parent WHERE parent.id = s.parent_saga_id AND parent.finished_at IS NOT NULL))
    ORDER BY s.finished_at
    LIMIT $1
    FOR UPDATE OF s SKIP LOCKED
  ) expired
  LIMIT $1`;

/** A finished saga's own rows, deleted before the saga row (explicitly, to count them per table). */
const SagaRowDeletes = [
  ['saga_event', 'DELETE FROM saga_event WHERE saga_id = ANY($1::uuid[])'],
  ['saga_timer', 'DELETE FROM saga_timer WHERE saga_id = ANY($1::uuid[])'],
  ['inbox_message', 'DELETE FROM inbox_message WHERE saga_id = ANY($1::uuid[])'],
  ['saga', 'DELETE FROM saga WHERE id = ANY($1::uuid[])'],
] as const;

/** Sent rows past their retention, oldest confirm first (`outbox_message_sent_idx`); unsent rows have no `sent_at`. */
const DeleteSentOutbox = `
  WITH doomed AS (
    SELECT id FROM outbox_message
    WHERE sent_at IS NOT NULL AND sent_at < now() - $2 * interval '1 millisecond'
    ORDER BY sent_at
    LIMIT $1
    FOR UPDATE SKIP LOCKED
  ), deleted AS (
    DELETE FROM outbox_message o USING doomed WHERE o.id = doomed.id RETURNING 1
  )
  SELECT count(*)::int AS n FROM deleted`;

/**
 * Settled deliveries past their retention, oldest first (`webhook_delivery_finished_idx`), with
 * their attempts (deleted here rather than by the cascade, to count them); a pending delivery has no
 * `finished_at`.
 */
const DeleteSettledWebhookDeliveries = `
  WITH doomed AS (
    SELECT id FROM webhook_delivery
    WHERE finished_at IS NOT NULL AND finished_at < now() - $2 * interval '1 millisecond'
    ORDER BY finished_at
    LIMIT $1
    FOR UPDATE SKIP LOCKED
  ), attempts AS (
    DELETE FROM webhook_attempt a USING doomed WHERE a.delivery_id = doomed.id RETURNING 1
  ), deliveries AS (
    DELETE FROM webhook_delivery d USING doomed WHERE d.id = doomed.id RETURNING 1
  )
  SELECT (SELECT count(*)::int FROM deliveries) AS deliveries, (SELECT count(*)::int FROM attempts) AS attempts`;

const InputIndexRebuildJob = 'rebuild-saga-input-index';

/** Moves the job's `last_run_at` to now when its interval has passed: one replica wins the row. */
const ClaimJob = `
  UPDATE housekeeping_job SET last_run_at = now()
  WHERE name = $1 AND last_run_at <= now() - $2 * interval '1 millisecond'
  RETURNING 1`;

/** The invalid copies an interrupted `REINDEX CONCURRENTLY` leaves (`saga_input_idx_ccnew`, `_ccold`, …). */
const LeftoverRebuilds = `
  SELECT c.relname AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
  WHERE i.indrelid = 'saga'::regclass AND NOT i.indisvalid AND starts_with(c.relname, 'saga_input_idx_cc')`;

/** A rebuild reads every saga: no statement timeout, and the client waits as long (a day at most). */
const RebuildTimeoutMs = 86_400_000;

/** `HousekeepingStore` on PostgreSQL: short transactions, `FOR UPDATE SKIP LOCKED`, index range scans only. */
@Injectable()
export class HousekeepingRepository extends HousekeepingStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  deleteExpiredSagas(limit: number, defaultRetentionMs: number, beforeDelete: (sagaIds: readonly string[]) => Promise<void>): Promise<DeletedRows> {
    return inStoreTransaction(this.dataSource, async (manager) => {
      const rows = await manager.query<{ id: string }[]>(ClaimExpiredSagas, [limit, defaultRetentionMs]);
      if (rows.length === 0) return {};
      const ids = rows.map((row) => row.id);
      await beforeDelete(ids);
      const deleted: Record<string, number> = {};
      for (const [table, sql] of SagaRowDeletes) deleted[table] = await countDeleted(manager, sql, [ids]);
      return deleted;
    });
  }

  async deleteSentOutbox(limit: number, retentionMs: number): Promise<DeletedRows> {
    const [row] = await queryStore<{ n: number }[]>(this.dataSource, DeleteSentOutbox, [limit, retentionMs]);
    return { outbox_message: row?.n ?? 0 };
  }

  async deleteSettledWebhookDeliveries(limit: number, retentionMs: number): Promise<DeletedRows> {
    const [row] = await queryStore<{ deliveries: number; attempts: number }[]>(this.dataSource, DeleteSettledWebhookDeliveries, [limit, retentionMs]);
    return { webhook_delivery: row?.deliveries ?? 0, webhook_attempt: row?.attempts ?? 0 };
  }

  async claimInputIndexRebuild(intervalMs: number): Promise<boolean> {
    const [rows] = await queryStore<[unknown[], number]>(this.dataSource, ClaimJob, [InputIndexRebuildJob, intervalMs]);
    return rows.length > 0;
  }

  async rebuildInputIndex(): Promise<{ beforeBytes: number; afterBytes: number }> {
    // Its own connection out of the pool: REINDEX CONCURRENTLY cannot run in a transaction, and
    // outlives the pool's statement timeout on a large table.
    const runner = this.dataSource.createQueryRunner();
    try {
      return await rebuildInputIndexOn((await runner.connect()) as pg.PoolClient);
    } catch (error) {
      throw toStoreError(error);
    } finally {
      await runner.release();
    }
  }
}

/** Drops an interrupted rebuild's leftovers, then `REINDEX CONCURRENTLY` with no statement timeout on `client`. */
async function rebuildInputIndexOn(client: pg.PoolClient): Promise<{ beforeBytes: number; afterBytes: number }> {
  const run = (text: string) => {
    // pg reads a per-query `query_timeout` (its types leave it out).
    const query = { text, query_timeout: RebuildTimeoutMs };
    return client.query<Record<string, unknown>>(query);
  };
  const size = async () => Number((await run(`SELECT pg_relation_size('saga_input_idx') AS n`)).rows[0]!.n);
  try {
    await run('SET statement_timeout = 0');
    for (const { name } of (await run(LeftoverRebuilds)).rows) {
      await run(`DROP INDEX CONCURRENTLY IF EXISTS "${String(name).replaceAll('"', '""')}"`);
    }
    const beforeBytes = await size();
    await run('REINDEX INDEX CONCURRENTLY saga_input_idx');
    return { beforeBytes, afterBytes: await size() };
  } finally {
    await run('RESET statement_timeout').catch(() => undefined);
  }
}

async function countDeleted(manager: EntityManager, deleteSql: string, parameters: unknown[]): Promise<number> {
  const [row] = await manager.query<{ n: number }[]>(`WITH deleted AS (${deleteSql} RETURNING 1) SELECT count(*)::int AS n FROM deleted`, parameters);
  return row?.n ?? 0;
}
