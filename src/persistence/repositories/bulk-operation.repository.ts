import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuditWriter } from '../../orchestration/audit/audit-record.js';
import type {
  BulkAction,
  BulkFilter,
  BulkItemOutcome,
  BulkItemView,
  BulkOperationStatus,
  BulkOperationView,
  ClaimedBulkItem,
} from '../../orchestration/bulk/bulk-operation.js';
import {
  type BulkCreateResult,
  type BulkItemClaimer,
  BulkOperationStore,
  type NewBulkOperation,
} from '../../orchestration/ports/bulk-operation-store.port.js';
import type { SagaMatch, SagaTransaction } from '../../runtime/ports/saga-store.port.js';
import { auditWriterIn } from './audit-insert.sql.js';
import { PostgresSagaTransaction } from './postgres-saga.transaction.js';
import { sagaMatchParameters, sagaMatchSql } from './saga-match.sql.js';
import { inStoreTransaction, queryStore } from './store-access.util.js';
import { iso, jsonb } from './sql-rows.util.js';

interface OperationRow {
  id: string;
  action: BulkAction;
  filter: BulkFilter;
  step: string | null;
  reason: string | null;
  status: BulkOperationStatus;
  matched: number;
  created_by: string | null;
  created_at: Date;
  finished_at: Date | null;
  pending: number;
  done: number;
  skipped: number;
  cancelled: number;
}

/** An operation with its items counted per outcome (the pending count reads the partial index). */
const OPERATION_SELECT = `SELECT o.id, o.action, o.filter, o.step, o.reason, o.status, o.matched, o.created_by, o.created_at, o.finished_at, t.*
  FROM bulk_operation o
  CROSS JOIN LATERAL (
    SELECT count(*) FILTER (WHERE outcome = 'pending')::int AS pending,
           count(*) FILTER (WHERE outcome = 'done')::int AS done,
           count(*) FILTER (WHERE outcome = 'skipped')::int AS skipped,
           count(*) FILTER (WHERE outcome = 'cancelled')::int AS cancelled
    FROM bulk_operation_item i WHERE i.operation_id = o.id
  ) t`;

/**
 * The next pending item of a running operation no other worker holds; locks the item only. Per
 * operation (oldest first) the first pending item in saga id order, read from the partial index in
 * that order: a claim costs the same at the first and at the 100,000th item (no sort of what is pending).
 */
const ClaimNextItem = {
  name: 'bulk-item-claim',
  text: `SELECT i.operation_id, i.saga_id, o.action, o.step, o.reason, o.created_by, o.request_id
         FROM bulk_operation o
         CROSS JOIN LATERAL (
           SELECT operation_id, saga_id FROM bulk_operation_item
           WHERE operation_id = o.id AND outcome = 'pending'
           ORDER BY saga_id
           LIMIT 1
           FOR UPDATE SKIP LOCKED
         ) i
         WHERE o.status = 'RUNNING'
         ORDER BY o.id
         LIMIT 1`,
};

const MarkItemDone = {
  name: 'bulk-item-done',
  text: `UPDATE bulk_operation_item SET outcome = 'done', done_at = now() WHERE operation_id = $1 AND saga_id = $2`,
};

/** Thrown inside `create`'s transaction to roll it back with an answer. */
class Refused extends Error {
  constructor(readonly result: BulkCreateResult) {
    super(result.kind);
  }
}

/** `BulkOperationStore` on PostgreSQL; workers share items claimed `FOR UPDATE SKIP LOCKED` inside the runtime's transaction. */
@Injectable()
export class BulkOperationRepository extends BulkOperationStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async count(match: SagaMatch, limit: number, sampleSize: number): Promise<{ matched: number; sample: string[] }> {
    const [counted] = await queryStore<{ n: number }[]>(
      this.dataSource,
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM saga WHERE ${sagaMatchSql(0)} LIMIT $9) m`,
      [...sagaMatchParameters(match), limit + 1],
    );
    const sample = await queryStore<{ id: string }[]>(
      this.dataSource,
      `SELECT id FROM saga WHERE ${sagaMatchSql(0)} ORDER BY created_at, id LIMIT $9`,
      [...sagaMatchParameters(match), sampleSize],
    );
    return { matched: counted?.n ?? 0, sample: sample.map((row) => row.id) };
  }

  async create(
    operation: NewBulkOperation,
    limits: { readonly limit: number; readonly expected: number },
    whenCreated: (writer: AuditWriter, operation: BulkOperationView) => Promise<void>,
  ): Promise<BulkCreateResult> {
    try {
      return await inStoreTransaction(this.dataSource, async (manager) => {
        await manager.query(
          `INSERT INTO bulk_operation (id, action, filter, step, reason, matched, created_by, request_id) VALUES ($1, $2, $3::jsonb, $4, $5, 0, $6, $7)`,
          [operation.id, operation.action, jsonb(operation.filter), operation.step, operation.reason, operation.createdBy, operation.requestId],
        );
        // The snapshot: the sagas matched now, in one statement; one more than the limit tells "too many".
        const [inserted] = await manager.query<{ n: number }[]>(
          `WITH items AS (
             INSERT INTO bulk_operation_item (operation_id, saga_id)
             SELECT $9, id FROM (SELECT id FROM saga WHERE ${sagaMatchSql(0)} LIMIT $10) m
             RETURNING 1
           )
           SELECT count(*)::int AS n FROM items`,
          [...sagaMatchParameters(operation.match), operation.id, limits.limit + 1],
        );
        const matched = inserted?.n ?? 0;
        if (matched > limits.limit) throw new Refused({ kind: 'too-many' });
        if (matched !== limits.expected) throw new Refused({ kind: 'count-mismatch', matched });
        await manager.query(`WITH u AS (UPDATE bulk_operation SET matched = $2 WHERE id = $1 RETURNING 1) SELECT 1 FROM u`, [operation.id, matched]);
        const [row] = await manager.query<OperationRow[]>(`${OPERATION_SELECT} WHERE o.id = $1`, [operation.id]);
        const created = toOperation(row!);
        await whenCreated(auditWriterIn(manager), created);
        return { kind: 'created', operation: created };
      });
    } catch (error) {
      if (error instanceof Refused) return error.result;
      throw error;
    }
  }

  async get(id: string): Promise<BulkOperationView | null> {
    const [row] = await queryStore<OperationRow[]>(this.dataSource, `${OPERATION_SELECT} WHERE o.id = $1`, [id]);
    return row ? toOperation(row) : null;
  }

  async list(limit: number, before?: string): Promise<BulkOperationView[]> {
    const rows = await queryStore<OperationRow[]>(
      this.dataSource,
      `${OPERATION_SELECT} WHERE ($1::uuid IS NULL OR o.id < $1) ORDER BY o.id DESC LIMIT $2`,
      [before ?? null, limit],
    );
    return rows.map(toOperation);
  }

  async items(id: string, limit: number, after?: string, outcome?: BulkItemOutcome): Promise<BulkItemView[]> {
    const rows = await queryStore<{ saga_id: string; outcome: BulkItemOutcome; detail: string | null; done_at: Date | null }[]>(
      this.dataSource,
      `SELECT saga_id, outcome, detail, done_at FROM bulk_operation_item
       WHERE operation_id = $1 AND ($2::uuid IS NULL OR saga_id > $2) AND ($3::text IS NULL OR outcome = $3)
       ORDER BY saga_id LIMIT $4`,
      [id, after ?? null, outcome ?? null, limit],
    );
    return rows.map((row) => ({ sagaId: row.saga_id, outcome: row.outcome, detail: row.detail, doneAt: row.done_at ? iso(row.done_at) : null }));
  }

  async cancel(
    id: string,
    whenCancelled: (writer: AuditWriter) => Promise<void>,
  ): Promise<{ cancelled: true } | { cancelled: false; status: BulkOperationStatus } | null> {
    return inStoreTransaction(this.dataSource, async (manager) => {
      const [row] = await manager.query<{ status: BulkOperationStatus }[]>(`SELECT status FROM bulk_operation WHERE id = $1 FOR UPDATE`, [id]);
      if (!row) return null;
      if (row.status !== 'RUNNING') return { cancelled: false, status: row.status };
      // Waits for the items workers hold: each ends done (its saga was acted on) or cancelled here, never both.
      await manager.query(
        `WITH stopped AS (
           UPDATE bulk_operation_item SET outcome = 'cancelled', done_at = now() WHERE operation_id = $1 AND outcome = 'pending' RETURNING 1
         ), finished AS (
           UPDATE bulk_operation SET status = 'CANCELLED', finished_at = now() WHERE id = $1 RETURNING 1
         )
         SELECT (SELECT count(*) FROM stopped) AS stopped, (SELECT count(*) FROM finished) AS finished`,
        [id],
      );
      await whenCancelled(auditWriterIn(manager));
      return { cancelled: true };
    });
  }

  itemsIn(tx: SagaTransaction): BulkItemClaimer {
    if (!(tx instanceof PostgresSagaTransaction)) throw new Error('BulkOperationRepository can only claim items in a PostgreSQL saga transaction.');
    return {
      claimNext: async () => {
        const [row] = await tx.select<{
          operation_id: string;
          saga_id: string;
          action: BulkAction;
          step: string | null;
          reason: string | null;
          created_by: string | null;
          request_id: string;
        }>(ClaimNextItem, []);
        if (!row) return undefined;
        return {
          operationId: row.operation_id,
          sagaId: row.saga_id,
          action: row.action,
          step: row.step,
          reason: row.reason,
          createdBy: row.created_by,
          requestId: row.request_id,
        } satisfies ClaimedBulkItem;
      },
      markDone: (item) => {
        tx.enqueue(MarkItemDone, [item.operationId, item.sagaId]);
        return Promise.resolve();
      },
    };
  }

  async skip(item: ClaimedBulkItem, detail: string): Promise<boolean> {
    const rows = await queryStore(
      this.dataSource,
      `WITH u AS (
         UPDATE bulk_operation_item SET outcome = 'skipped', detail = $3, done_at = now()
         WHERE operation_id = $1 AND saga_id = $2 AND outcome = 'pending' RETURNING 1
       ) SELECT 1 FROM u`,
      [item.operationId, item.sagaId, detail.slice(0, 1000)],
    );
    return rows.length === 1;
  }

  async completeDrained(): Promise<boolean> {
    const [row] = await queryStore<{ running: boolean }[]>(
      this.dataSource,
      `WITH completed AS (
         UPDATE bulk_operation o SET status = 'COMPLETED', finished_at = now()
         WHERE o.status = 'RUNNING' AND NOT EXISTS (SELECT 1 FROM bulk_operation_item i WHERE i.operation_id = o.id AND i.outcome = 'pending')
         RETURNING o.id
       )
       SELECT EXISTS (SELECT 1 FROM bulk_operation WHERE status = 'RUNNING' AND id NOT IN (SELECT id FROM completed)) AS running`,
      [],
    );
    return row?.running === true;
  }
}

function toOperation(row: OperationRow): BulkOperationView {
  return {
    id: row.id,
    action: row.action,
    filter: row.filter,
    step: row.step,
    reason: row.reason,
    status: row.status,
    matched: row.matched,
    totals: { pending: row.pending, done: row.done, skipped: row.skipped, cancelled: row.cancelled },
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
    finishedAt: row.finished_at ? iso(row.finished_at) : null,
  };
}
