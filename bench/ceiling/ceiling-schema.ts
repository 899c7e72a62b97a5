/**
 * The ceiling's tables: the same shape as ours (saga row with JSON state, step log, outbox,
 * inbox, step timers), reduced to the columns the hot path touches.
 */
export const CeilingSchemaSql = `
  CREATE TABLE IF NOT EXISTS saga (
    id uuid PRIMARY KEY, definition text NOT NULL, status text NOT NULL, state jsonb NOT NULL,
    input jsonb NOT NULL, last_seq integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now());
  CREATE TABLE IF NOT EXISTS saga_event (
    saga_id uuid NOT NULL, seq integer NOT NULL, type text NOT NULL, step text, data jsonb,
    at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (saga_id, seq));
  CREATE TABLE IF NOT EXISTS outbox (
    id bigserial PRIMARY KEY, message_id text NOT NULL, routing_key text NOT NULL, body jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(), sent_at timestamptz);
  CREATE INDEX IF NOT EXISTS outbox_unsent ON outbox (id) WHERE sent_at IS NULL;
  CREATE TABLE IF NOT EXISTS inbox (message_id text PRIMARY KEY, saga_id uuid NOT NULL, received_at timestamptz NOT NULL DEFAULT now());
  CREATE TABLE IF NOT EXISTS saga_timer (saga_id uuid PRIMARY KEY, step text NOT NULL, due_at timestamptz NOT NULL);
  CREATE INDEX IF NOT EXISTS saga_timer_due ON saga_timer (due_at);
`;

/**
 * Start: saga row, first log entry, first command and its timer in ONE statement (one round
 * trip, one commit). $1 id, $2 definition, $3 state, $4 input, $5 message id, $6 routing key, $7 body, $8 step, $9 timeout ms.
 */
export const InsertSagaSql = `
  WITH s AS (INSERT INTO saga (id, definition, status, state, input, last_seq) VALUES ($1, $2, 'RUNNING', $3, $4, 1)),
       e AS (INSERT INTO saga_event (saga_id, seq, type, step) VALUES ($1, 1, 'STEP_STARTED', $8)),
       t AS (INSERT INTO saga_timer (saga_id, step, due_at) VALUES ($1, $8, now() + make_interval(secs => $9::int / 1000.0)))
  INSERT INTO outbox (message_id, routing_key, body) VALUES ($5, $6, $7) RETURNING id`;

/** Inbox insert and saga row lock in one statement: no row back means a duplicate (or unknown saga). */
export const ClaimSql = `
  WITH i AS (INSERT INTO inbox (message_id, saga_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING saga_id)
  SELECT s.definition, s.status, s.state, s.input, s.last_seq FROM saga s JOIN i ON i.saga_id = s.id FOR UPDATE OF s`;

/**
 * Apply a decision: new state, one log entry, the timer replaced, and 0 or 1 command.
 * $1 id, $2 status, $3 state, $4 seq, $5 type, $6 step, $7 data, $8 message id|null, $9 routing key, $10 body, $11 timeout ms.
 */
export const ApplySql = `
  WITH u AS (UPDATE saga SET status = $2, state = $3, last_seq = $4, updated_at = now() WHERE id = $1),
       e AS (INSERT INTO saga_event (saga_id, seq, type, step, data) VALUES ($1, $4, $5, $6, $7)),
       d AS (DELETE FROM saga_timer WHERE saga_id = $1 AND $8::text IS NULL),
       t AS (INSERT INTO saga_timer (saga_id, step, due_at) SELECT $1, $6, now() + make_interval(secs => $11::int / 1000.0) WHERE $8::text IS NOT NULL
             ON CONFLICT (saga_id) DO UPDATE SET step = EXCLUDED.step, due_at = EXCLUDED.due_at)
  INSERT INTO outbox (message_id, routing_key, body) SELECT $8, $9, $10 WHERE $8::text IS NOT NULL RETURNING id`;
