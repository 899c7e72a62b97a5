import type { SagaWrite } from '../../runtime/ports/saga-store.port.js';
import type { SagaStatus } from '../../saga-engine/state/saga-status.js';
import { isSagaSettled, TerminalSagaStatuses } from '../../saga-engine/state/saga-status.js';
import { jsonb, outboxRow } from './sql-rows.util.js';

/**
 * The PostgreSQL notification channel a saga's id is sent on when it settles (COMPLETED,
 * COMPENSATED, COMPENSATION_FAILED): `pg_notify` in the settling statement, delivered to every
 * listening session (every replica) only when the transaction commits.
 */
export const SagaSettledChannel = 'saga_settled';

/**
 * The writes of one decision as data-modifying CTEs, so that the step log, timers, outbox rows
 * and the sent mark of the command a reply answers go to PostgreSQL in a single statement after
 * the saga row's own INSERT/UPDATE CTE. `$1` is the saga id; the six parameters of
 * `decisionWriteParameters` follow from `firstParameter`. Outbox rows are keyed by their
 * message id, so nothing is returned.
 */
export function decisionWriteCtes(firstParameter: number): string {
  const [events, armed, disarmed, outbox] = [0, 1, 2, 3].map((i) => `$${firstParameter + i}::jsonb`);
  const answered = `$${firstParameter + 4}::text`;
  const settles = `$${firstParameter + 5}::boolean`;
  return `
    events AS (
      INSERT INTO saga_event (saga_id, seq, type, step, attempt, data, at)
      SELECT $1, e.seq, e.type, e.step, e.attempt, e.data, now()
      FROM jsonb_to_recordset(${events}) AS e(seq integer, type text, step text, attempt integer, data jsonb)
    ),
    armed AS (
      INSERT INTO saga_timer (saga_id, kind, step, attempt, due_at)
      SELECT $1, t.kind, t.step, t.attempt, now() + t.due_in_ms * interval '1 millisecond'
      FROM jsonb_to_recordset(${armed}) AS t(kind text, step text, attempt integer, due_in_ms bigint)
      ON CONFLICT DO NOTHING
    ),
    disarmed AS (
      DELETE FROM saga_timer d
      USING jsonb_to_recordset(${disarmed}) AS t(kind text, step text, attempt integer)
      WHERE d.saga_id = $1 AND d.kind = t.kind AND d.step = t.step AND d.attempt = t.attempt
    ),
    sent AS (
      INSERT INTO outbox_message (message_id, exchange, routing_key, type, correlation_id, headers, payload)
      SELECT m.message_id, m.exchange, m.routing_key, m.type, m.correlation_id, m.headers, m.payload
      FROM jsonb_to_recordset(${outbox})
        AS m(message_id text, exchange text, routing_key text, type text, correlation_id text, headers jsonb, payload jsonb)
    ),
    answered AS (
      -- A reply proves its command reached the participant: no separate mark-sent commit.
      UPDATE outbox_message SET sent_at = now(), leased_until = NULL
      WHERE message_id = ${answered} AND sent_at IS NULL
    )
    -- Wakes the requests waiting for this saga (Prefer: wait), on any replica, at commit.
    SELECT pg_notify('${SagaSettledChannel}', $1::text) WHERE ${settles}`;
}

/**
 * `finished_at` for a write that sets the status to `status`: now when it is terminal, else null.
 * Retention counts from it (the housekeeping batch's index); it never changes once set.
 */
function finishedAtOf(status: string): string {
  const terminal = TerminalSagaStatuses.map((s) => `'${s}'`).join(', ');
  return `CASE WHEN ${status}::text IN (${terminal}) THEN now() END`;
}

/** Inserts a saga with its first decision's writes (a named statement). */
export const InsertSagaStatement = {
  name: 'saga-insert',
  text: `WITH saga_row AS (
           INSERT INTO saga (id, definition_name, definition_version, status, state, input, output, last_seq,
                             idempotency_key, request_hash, started_by, trace_context, created_at, updated_at, finished_at)
           VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7::jsonb, $8, $9, $10, $11, $12::jsonb, now(), now(),
                   ${finishedAtOf('$4')})
         ),
         ${decisionWriteCtes(13)}`,
};

/** Applies a decision to a locked saga (a named statement). */
export const UpdateSagaStatement = {
  name: 'saga-update',
  text: `WITH saga_row AS (
           UPDATE saga SET status = $2, state = $3::jsonb, output = $4::jsonb, last_seq = $5, updated_at = now(),
                           finished_at = coalesce(finished_at, ${finishedAtOf('$2')})
           WHERE id = $1
         ),
         ${decisionWriteCtes(6)}`,
};

type TimerIdentity = SagaWrite['cancelTimers'][number];

/** Timers are keyed with '' / 0 for "no step" / "no attempt" (primary key columns cannot be null). */
function timerKey(timer: TimerIdentity): { kind: string; step: string; attempt: number } {
  return { kind: timer.kind, step: timer.step ?? '', attempt: timer.attempt ?? 0 };
}

/**
 * The parameters of `decisionWriteCtes` (four JSON arrays, the answered command's message id,
 * whether the write settles the saga), with seq numbers continuing from `lastSeq`. `previous`:
 * the saga's status before (undefined for a new saga).
 */
export function decisionWriteParameters(write: SagaWrite, lastSeq: number, previous: SagaStatus | undefined): (string | boolean | null)[] {
  const armedKeys = new Set(write.armTimers.map((t) => JSON.stringify(timerKey(t))));
  return [
    jsonb(
      write.log.map((entry, index) => ({
        seq: lastSeq + index + 1,
        type: entry.type,
        step: entry.step ?? null,
        attempt: entry.attempt ?? null,
        data: entry.data ?? null,
      })),
    ),
    jsonb(write.armTimers.map((t) => ({ ...timerKey(t), due_in_ms: Math.max(0, Math.round(t.dueInMs)) }))),
    // A timer both cancelled and re-armed by one decision stays armed.
    jsonb(write.cancelTimers.map(timerKey).filter((key) => !armedKeys.has(JSON.stringify(key)))),
    jsonb(write.outbox.map(outboxRow)),
    write.answers ?? null,
    write.state.status !== previous && isSagaSettled(write.state.status),
  ];
}
