import { auditParameters, InsertAuditSql } from './audit-insert.sql.js';
import type { AuditRecord } from '../../orchestration/audit/audit-record.js';
import type { AuditWriter } from '../../orchestration/audit/audit-record.js';
import type { OutboxMessage } from '../../runtime/ports/outbox-message.js';
import {
  type DueTimer,
  type InboundLock,
  type NewOutboxMessage,
  type NewSaga,
  SagaTransaction,
  type SagaWrite,
  type StoredSaga,
} from '../../runtime/ports/saga-store.port.js';
import type { NamedStatement, PipelinedSession } from '../pipelined-session.js';
import { decisionWriteParameters, InsertSagaStatement, UpdateSagaStatement } from './saga-write.sql.js';
import { iso, jsonb, outboxRow, SAGA_COLUMNS, type SagaRow, toStoredSaga } from './sql-rows.util.js';

const LockSaga = { name: 'saga-lock', text: `SELECT ${SAGA_COLUMNS}, now() AS db_now FROM saga WHERE id = $1 FOR UPDATE` };

/** Row lock and inbox insert in one statement: the insert only happens when the saga exists. */
const LockSagaForInbound = {
  name: 'saga-lock-inbound',
  text: `WITH locked AS (SELECT ${SAGA_COLUMNS}, now() AS db_now FROM saga WHERE id = $1 FOR UPDATE),
         inbound AS (
           INSERT INTO inbox_message (message_id, saga_id) SELECT $2, id FROM locked
           ON CONFLICT DO NOTHING RETURNING 1
         )
         SELECT locked.*, EXISTS (SELECT 1 FROM inbound) AS fresh FROM locked`,
};

const SagaExists = { name: 'saga-exists', text: 'SELECT 1 FROM saga WHERE id = $1' };

/** The child is linked to its parent and counts toward the in-flight cap of whoever started the parent. */
const LinkToParent = {
  name: 'saga-link-parent',
  text: 'UPDATE saga SET parent_saga_id = $2, parent_step = $3, started_by = (SELECT started_by FROM saga WHERE id = $2) WHERE id = $1',
};

/** Outbox rows outside any decision (a child saga that could not start tells its parent). */
const InsertOutboxStatement = {
  name: 'outbox-insert',
  text: `INSERT INTO outbox_message (message_id, exchange, routing_key, type, correlation_id, headers, payload)
         SELECT m.message_id, m.exchange, m.routing_key, m.type, m.correlation_id, m.headers, m.payload
         FROM jsonb_to_recordset($1::jsonb)
           AS m(message_id text, exchange text, routing_key text, type text, correlation_id text, headers jsonb, payload jsonb)`,
};

const RecordInbound = {
  name: 'inbox-insert',
  text: 'INSERT INTO inbox_message (message_id, saga_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1',
};

const LatestDefinitionVersion = {
  name: 'definition-latest-version',
  text: 'SELECT max(version) AS version FROM saga_definition WHERE name = $1',
};

/**
 * `SagaTransaction` on one pipelined pg session inside an open transaction. Raw SQL, no
 * hydration, named statements. Writes whose answer nobody needs (saga writes, audit, timer
 * deletes) are queued and checked at commit, so they travel with the COMMIT in one round trip.
 */
export class PostgresSagaTransaction extends SagaTransaction implements AuditWriter {
  private clock: string | undefined;
  private pendingClock: Promise<string> | undefined;
  /** Queued statements, awaited (and their errors surfaced) before the transaction ends. */
  private readonly queued: Promise<unknown>[] = [];
  private discarded = false;

  constructor(private readonly session: PipelinedSession) {
    super();
  }

  /** Queues BEGIN (it travels with the first statement). */
  begin(): void {
    this.queue(this.session.query('BEGIN'));
  }

  /** COMMIT (or ROLLBACK after `discard`) together with the queued writes; throws the first write's error. */
  async finish(): Promise<void> {
    // After a failed statement PostgreSQL answers COMMIT with a rollback, not an error: the
    // queued writes' own errors are what tell.
    const end = this.session.query(this.discarded ? 'ROLLBACK' : 'COMMIT');
    await Promise.all([...this.queued, end]);
  }

  /** ROLLBACK after a failure; waits until every queued statement has been answered. */
  async abort(): Promise<void> {
    const end = this.session.query('ROLLBACK');
    await Promise.allSettled([...this.queued, end]);
    await end;
  }

  discard(): void {
    this.discarded = true;
  }

  now(): Promise<string> {
    if (this.clock !== undefined) return Promise.resolve(this.clock);
    this.pendingClock ??= this.session.query<{ now: Date }>('SELECT now() AS now').then(([row]) => {
      this.clock ??= iso(row!.now);
      return this.clock;
    });
    return this.pendingClock;
  }

  async lockSaga(id: string): Promise<StoredSaga | null> {
    // now() is the transaction's start time: read it in the same round trip.
    const [row] = await this.session.query<SagaRow & { db_now: Date }>(LockSaga, [id]);
    if (!row) return null;
    this.clock ??= iso(row.db_now);
    return toStoredSaga(row);
  }

  async lockSagaForInbound(id: string, messageId: string): Promise<InboundLock | null> {
    const [row] = await this.session.query<SagaRow & { db_now: Date; fresh: boolean }>(LockSagaForInbound, [id, messageId]);
    if (!row) return null;
    this.clock ??= iso(row.db_now);
    return { saga: toStoredSaga(row), fresh: row.fresh };
  }

  async recordInbound(messageId: string, sagaId: string): Promise<boolean> {
    const rows = await this.session.query(RecordInbound, [messageId, sagaId]);
    return rows.length === 1;
  }

  async latestDefinitionVersion(name: string): Promise<number | null> {
    const [row] = await this.session.query<{ version: number | null }>(LatestDefinitionVersion, [name]);
    return row?.version ?? null;
  }

  async tryLockIdempotencyKey(key: string): Promise<boolean> {
    const [row] = await this.session.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [key]);
    return row?.locked === true;
  }

  async findByIdempotencyKey(key: string): Promise<StoredSaga | null> {
    const [row] = await this.session.query<SagaRow>(`SELECT ${SAGA_COLUMNS} FROM saga WHERE idempotency_key = $1`, [key]);
    return row ? toStoredSaga(row) : null;
  }

  async insertSaga(saga: NewSaga, write: SagaWrite): Promise<{ saga: StoredSaga; outbox: OutboxMessage[] }> {
    const now = await this.now();
    const lastSeq = write.log.length;
    this.queue(
      this.session.query(InsertSagaStatement, [
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
        ...decisionWriteParameters(write, 0, undefined),
      ]),
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
      outbox: [...write.outbox],
    };
  }

  async insertChildSagaIfAbsent(saga: NewSaga, parent: { sagaId: string; step: string }, write: SagaWrite): Promise<OutboxMessage[] | null> {
    const existing = await this.session.query(SagaExists, [saga.id]);
    if (existing.length > 0) return null;
    const { outbox } = await this.insertSaga(saga, write);
    // Queued after the insert on the same session: PostgreSQL runs them in that order.
    this.queue(this.session.query(LinkToParent, [saga.id, parent.sagaId, parent.step]));
    return outbox;
  }

  insertOutboxMessages(messages: readonly NewOutboxMessage[]): Promise<OutboxMessage[]> {
    if (messages.length === 0) return Promise.resolve([]);
    this.queue(this.session.query(InsertOutboxStatement, [jsonb(messages.map(outboxRow))]));
    return Promise.resolve([...messages]);
  }

  updateSaga(saga: StoredSaga, write: SagaWrite): Promise<OutboxMessage[]> {
    this.queue(
      this.session.query(UpdateSagaStatement, [
        saga.id,
        write.state.status,
        jsonb(write.state),
        jsonb(write.state.output),
        saga.lastSeq + write.log.length,
        ...decisionWriteParameters(write, saga.lastSeq, saga.status),
      ]),
    );
    return Promise.resolve([...write.outbox]);
  }

  async claimDueTimers(limit: number): Promise<DueTimer[]> {
    const rows = await this.session.query<{ saga_id: string; kind: DueTimer['kind']; step: string; attempt: number }>(
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

  /** Queues the request's audit row with the writes (`AuditRepository.writerIn` hands this out); a row with the same id already stored wins. */
  recordAudit(record: AuditRecord): Promise<void> {
    this.queue(this.session.query(InsertAuditSql, auditParameters(record)));
    return Promise.resolve();
  }

  async countInFlightStartedBy(principal: string): Promise<number> {
    this.queue(this.session.query(`SELECT pg_advisory_xact_lock(hashtext('saga-in-flight:' || $1))`, [principal]));
    const [row] = await this.session.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM saga WHERE started_by = $1 AND status IN ('RUNNING', 'COMPENSATING')`,
      [principal],
    );
    return row?.n ?? 0;
  }

  deleteTimer(timer: DueTimer): Promise<void> {
    this.queue(
      this.session.query('DELETE FROM saga_timer WHERE saga_id = $1 AND kind = $2 AND step = $3 AND attempt = $4', [
        timer.sagaId,
        timer.kind,
        timer.step ?? '',
        timer.attempt ?? 0,
      ]),
    );
    return Promise.resolve();
  }

  /**
   * A statement of another store's table in this transaction, answered now: stores whose rows
   * commit with a saga change (the bulk items' claim) reach the session only through this.
   */
  select<T>(statement: NamedStatement | string, parameters: readonly unknown[]): Promise<T[]> {
    return this.session.query<T>(statement, parameters);
  }

  /** A write of another store's table, queued with this transaction's writes (checked at commit). */
  enqueue(statement: NamedStatement | string, parameters: readonly unknown[]): void {
    this.queue(this.session.query(statement, parameters));
  }

  /** Keeps a statement's promise for `finish`; a rejection is handled there, never left unhandled. */
  private queue(statement: Promise<unknown>): void {
    statement.catch(() => undefined);
    this.queued.push(statement);
  }
}

/** A trace context worth storing: one with a `traceparent`. */
function hasTraceContext(context: Readonly<Record<string, string>> | undefined): context is Readonly<Record<string, string>> {
  return context?.traceparent !== undefined;
}
