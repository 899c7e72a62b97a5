/**
 * The minimal coordinator's one table: a saga row with its position, the input and the outputs
 * so far (the undo data). No step log, no inbox, no outbox, no timers.
 */
export const MinimalSchemaSql = `
  CREATE TABLE IF NOT EXISTS saga (
    id uuid PRIMARY KEY,
    definition text NOT NULL,
    steps integer NOT NULL,
    status text NOT NULL,
    step integer NOT NULL,
    input jsonb NOT NULL,
    outputs jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now())`;

/** $1 id, $2 definition, $3 number of steps, $4 input: a new saga waiting on its first step. */
export const InsertSagaStatement = {
  name: 'minimal-insert',
  text: `INSERT INTO saga (id, definition, steps, status, step, input) VALUES ($1, $2, $3, 'RUNNING', 0, $4::jsonb)`,
};

/**
 * One event, one statement, one commit: move the saga from (`$2` status, `$3` step) to step
 * `$4` in `$5` status (COMPLETED past the last step, COMPENSATED before the first), merging the
 * outputs patch `$6`. The WHERE clause is the whole dedupe: a duplicate or stale reply finds the
 * saga elsewhere and changes nothing (no row back). Returns what the next command needs.
 */
export const AdvanceSagaStatement = {
  name: 'minimal-advance',
  text: `UPDATE saga SET
           step = $4,
           status = CASE WHEN $4 >= steps THEN 'COMPLETED' WHEN $4 < 0 THEN 'COMPENSATED' ELSE $5 END,
           outputs = outputs || $6::jsonb,
           updated_at = now()
         WHERE id = $1 AND status = $2 AND step = $3
         RETURNING definition, status, input, outputs`,
};
