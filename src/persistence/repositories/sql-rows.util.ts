import type { SagaState } from '../../saga-engine/state/saga-state.js';
import type { SagaStatus } from '../../saga-engine/state/saga-status.js';
import type { OutboxMessage } from '../../runtime/ports/outbox-message.js';
import type { StoredSaga, StoredSagaSummary } from '../../runtime/ports/saga-store.port.js';

/** A jsonb parameter: pg would turn a JS array into a PostgreSQL array literal, so always send text. */
export function jsonb(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

/** An outbox row as the jsonb the write statements unpack (`jsonb_to_recordset`): one mapping for every insert. */
export function outboxRow(m: OutboxMessage): Record<string, unknown> {
  return {
    message_id: m.messageId,
    exchange: m.exchange,
    routing_key: m.routingKey,
    type: m.type,
    correlation_id: m.correlationId,
    headers: m.headers,
    payload: m.payload ?? null,
  };
}

/** ISO 8601 of a timestamptz column (pg returns `Date`). */
export function iso(value: Date | string): string {
  return value instanceof Date ? value.toISOString() : new Date(value).toISOString();
}

/** The saga columns every read selects, in `toStoredSaga`'s shape. */
export const SAGA_COLUMNS = 'id, definition_name, definition_version, status, state, last_seq, request_hash, trace_context, created_at, updated_at';

export interface SagaRow {
  id: string;
  definition_name: string;
  definition_version: number;
  status: SagaStatus;
  state: SagaState;
  last_seq: number;
  request_hash: string | null;
  trace_context: Record<string, string> | null;
  created_at: Date;
  updated_at: Date;
}

export function toStoredSaga(row: SagaRow): StoredSaga {
  return {
    id: row.id,
    definitionName: row.definition_name,
    definitionVersion: row.definition_version,
    status: row.status,
    state: row.state,
    lastSeq: row.last_seq,
    requestHash: row.request_hash,
    ...(row.trace_context === null || row.trace_context === undefined ? {} : { traceContext: row.trace_context }),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** The columns of a list row: a saga without its state, with its keyset cursor. */
export const SAGA_SUMMARY_COLUMNS = `id, definition_name, definition_version, status, created_at, updated_at,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_created_at`;

export interface SagaSummaryRow {
  id: string;
  definition_name: string;
  definition_version: number;
  status: SagaStatus;
  created_at: Date;
  updated_at: Date;
  /** `created_at` to the microsecond, as the next page's cursor. */
  cursor_created_at: string;
}

export function toStoredSagaSummary(row: SagaSummaryRow): StoredSagaSummary {
  return {
    id: row.id,
    definitionName: row.definition_name,
    definitionVersion: row.definition_version,
    status: row.status,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    cursorKey: { createdAt: row.cursor_created_at, id: row.id },
  };
}
