import { auditParameters, InsertAuditSql } from './audit-insert.sql.js';
import type { QueryRunner } from 'typeorm';
import type { AuditRecord } from '../../orchestration/audit/audit-record.js';
import type { OutboxMessage } from '../../orchestration/ports/outbox-message.js';
import {
  type DueTimer,
  type NewSaga,
  SagaTransaction,
  type SagaWrite,
  type StoredSaga,
} from '../../orchestration/ports/saga-store.port.js';
import { decisionWriteCtes, decisionWriteParameters, withOutboxIds } from './saga-write.sql.js';
import { iso, jsonb, queryRows, SAGA_COLUMNS, type SagaRow, toStoredSaga } from './sql-rows.util.js';

/** `SagaTransaction` on one TypeORM QueryRunner inside an open transaction. Raw SQL, no hydration. */
export class PostgresSagaTransaction extends SagaTransaction {
  private clock: string | undefined;

  constructor(private readonly runner: QueryRunner) {
    super();
  }

  async now(): Promise<string> {
    if (this.clock === undefined) {
      const [row] = await queryRows<{ now: Date }>(this.runner, 'SELECT now() AS now');
      this.clock = iso(row!.now);
    }
    return this.clock;
  }

  async lockSaga(id: string): Promise<StoredSaga | null> {
    // now() is the transaction's start time: read it in the same round trip.
    const [row] = await queryRows<SagaRow & { db_now: Date }>(
      this.runner,
      `SELECT ${SAGA_COLUMNS}, now() AS db_now FROM saga WHERE id = $1 FOR UPDATE`,
      [id],
    );
    if (!row) return null;
    this.clock ??= iso(row.db_now);
    return toStoredSaga(row);
  }

  async recordInbound(messageId: string, sagaId: string): Promise<boolean> {
    const rows = await queryRows(
      this.runner,
      'INSERT INTO inbox_message (message_id, saga_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1',
      [messageId, sagaId],
    );
    return rows.length === 1;
  }

  async tryLockIdempotencyKey(key: string): Promise<boolean> {
    const [row] = await queryRows<{ locked: boolean }>(
      this.runner,
      'SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked',
      [key],
    );
    return row?.locked === true;
  }

  async findByIdempotencyKey(key: string): Promise<StoredSaga | null> {
    const [row] = await queryRows<SagaRow>(this.runner, `SELECT ${SAGA_COLUMNS} FROM saga WHERE idempotency_key = $1`, [
      key,
    ]);
    return row ? toStoredSaga(row) : null;
  }

  async insertSaga(saga: NewSaga, write: SagaWrite): Promise<{ saga: StoredSaga; outbox: OutboxMessage[] }> {
    const now = await this.now();
    const lastSeq = write.log.length;
    const rows = await queryRows<{ id: string; message_id: string }>(
      this.runner,
      `WITH saga_row AS (
         INSERT INTO saga (id, definition_name, definition_version, status, state, input, output, last_seq,
                           idempotency_key, request_hash, started_by, trace_context, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7::jsonb, $8, $9, $10, $11, $12::jsonb, now(), now())
       ),
       ${decisionWriteCtes(13)}`,
      [
        saga.id,
        saga.definitionName,
        saga.definitionVersion,
        write.state.status,
        jsonb(write.state),
        jsonb(saga.input ?? null),
        jsonb(write.state.output),
        lastSeq,
        saga.idempotencyKey,
        saga.requestHash,
        saga.startedBy ?? null,
        hasTraceContext(saga.traceContext) ? jsonb(saga.traceContext) : null,
        ...decisionWriteParameters(write, 0),
      ],
    );
    return {
      saga: {
        id: saga.id,
        definitionName: saga.definitionName,
        definitionVersion: saga.definitionVersion,
        status: write.state.status,
        state: write.state,
        lastSeq,
        requestHash: saga.requestHash,
        ...(hasTraceContext(saga.traceContext) ? { traceContext: saga.traceContext } : {}),
        createdAt: now,
        updatedAt: now,
      },
      outbox: withOutboxIds(write.outbox, rows),
    };
  }

  async updateSaga(saga: StoredSaga, write: SagaWrite): Promise<OutboxMessage[]> {
    const rows = await queryRows<{ id: string; message_id: string }>(
      this.runner,
      `WITH saga_row AS (
         UPDATE saga SET status = $2, state = $3::jsonb, output = $4::jsonb, last_seq = $5, updated_at = now()
         WHERE id = $1
       ),
       ${decisionWriteCtes(6)}`,
      [
        saga.id,
        write.state.status,
        jsonb(write.state),
        jsonb(write.state.output),
        saga.lastSeq + write.log.length,
        ...decisionWriteParameters(write, saga.lastSeq),
      ],
    );
    return withOutboxIds(write.outbox, rows);
  }

  async claimDueTimers(limit: number): Promise<DueTimer[]> {
    const rows = await queryRows<{ saga_id: string; kind: DueTimer['kind']; step: string; attempt: number }>(
      this.runner,
      `SELECT saga_id, kind, step, attempt FROM saga_timer
       WHERE due_at <= now() -- due by the database clock, never a replica's (chaos:local-clock)
       ORDER BY due_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    return rows.map((row) => ({
      sagaId: row.saga_id,
      kind: row.kind,
      ...(row.step === '' ? {} : { step: row.step }),
      ...(row.attempt === 0 ? {} : { attempt: row.attempt }),
    }));
  }

  async recordAudit(record: AuditRecord): Promise<void> {
    await this.runner.query(InsertAuditSql, auditParameters(record));
  }

  async countInFlightStartedBy(principal: string): Promise<number> {
    await this.runner.query(`SELECT pg_advisory_xact_lock(hashtext('saga-in-flight:' || $1))`, [principal]);
    const [row] = await queryRows<{ n: number }>(
      this.runner,
      `SELECT count(*)::int AS n FROM saga WHERE started_by = $1 AND status IN ('RUNNING', 'COMPENSATING')`,
      [principal],
    );
    return row?.n ?? 0;
  }

  async deleteTimer(timer: DueTimer): Promise<void> {
    await this.runner.query('DELETE FROM saga_timer WHERE saga_id = $1 AND kind = $2 AND step = $3 AND attempt = $4', [
      timer.sagaId,
      timer.kind,
      timer.step ?? '',
      timer.attempt ?? 0,
    ]);
  }
}

/** A trace context worth storing: one with a `traceparent`. */
function hasTraceContext(context: Readonly<Record<string, string>> | undefined): context is Readonly<Record<string, string>> {
  return context?.traceparent !== undefined;
}
