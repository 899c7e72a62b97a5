/**
 * The participant fence as the SDK keeps it (`<schema>.saga_fence`, keyed by saga, step and
 * kind, the same columns and outcomes), written so that one command is ONE transaction in ONE
 * round trip: BEGIN, the (saga, step) advisory lock, one fenced INSERT, COMMIT, sent together.
 *
 * Why the lock is still there: an execute and its compensation racing each other would each miss
 * the other's uncommitted row (they have different keys) and leave an effect with a tombstone.
 * The statements after the lock run on a fresh snapshot (READ COMMITTED), so the fenced INSERT
 * sees whatever the lock holder committed.
 */

/** `"name"` for a lower-case identifier (it is interpolated into SQL); throws for anything else. */
export function quotedSchema(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new RangeError(`not a safe schema name: ${JSON.stringify(schema)}`);
  return `"${schema}"`;
}

/** Creates the schema and table if missing (the SDK's DDL, so either side can use the other's tables). */
export function fenceTableSql(name: string): string[] {
  const schema = quotedSchema(name);
  return [
    `CREATE SCHEMA IF NOT EXISTS ${schema}`,
    `CREATE TABLE IF NOT EXISTS ${schema}.saga_fence (
      saga_id uuid NOT NULL,
      step text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('execute', 'compensate')),
      message_id text NOT NULL,
      outcome text NOT NULL CHECK (outcome IN ('succeeded', 'failed', 'compensated', 'nothing-to-undo')),
      reply jsonb,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (saga_id, step, kind)
    )`,
  ];
}

/** A named statement: parsed and planned once per connection. */
export interface FenceStatement {
  readonly name: string;
  readonly text: string;
}

/** The statements of one participant's fence (its schema is part of the names). */
export interface FenceStatements {
  /** $1 quoted schema, $2 saga, $3 step: serialises every command of one (saga, step) until the transaction ends (the SDK's key). */
  readonly lock: FenceStatement;
  /**
   * $1 saga, $2 step, $3 message id, $4 outcome, $5 stored reply: records the execute's outcome
   * only if nothing is recorded for the (saga, step) yet, neither an execute (a duplicate) nor a
   * compensation (the execute arrived after its compensation). One row back: recorded.
   */
  readonly execute: FenceStatement;
  /**
   * $1 saga, $2 step, $3 message id: records `compensated` when the execute took effect here,
   * else the `nothing-to-undo` tombstone; nothing when the compensation is already recorded.
   * Returns the recorded outcome. (The bench's compensation handler has no business change.)
   */
  readonly compensate: FenceStatement;
  /** $1 saga, $2 step: what is recorded, read only when the fenced INSERT recorded nothing. */
  readonly read: FenceStatement;
}

export function fenceStatements(name: string): FenceStatements {
  const table = `${quotedSchema(name)}.saga_fence`;
  const schema = name;
  return {
    lock: {
      name: `${schema}-fence-lock`,
      text: "SELECT pg_advisory_xact_lock(hashtextextended($1 || ':' || $2 || ':' || $3, 0))",
    },
    execute: {
      name: `${schema}-fence-execute`,
      text: `INSERT INTO ${table} (saga_id, step, kind, message_id, outcome, reply)
             SELECT $1::uuid, $2::text, 'execute', $3::text, $4::text, $5::jsonb
             WHERE NOT EXISTS (SELECT 1 FROM ${table} WHERE saga_id = $1::uuid AND step = $2::text)
             ON CONFLICT (saga_id, step, kind) DO NOTHING
             RETURNING outcome`,
    },
    compensate: {
      name: `${schema}-fence-compensate`,
      text: `INSERT INTO ${table} (saga_id, step, kind, message_id, outcome, reply)
             SELECT $1::uuid, $2::text, 'compensate', $3::text,
                    CASE WHEN EXISTS (SELECT 1 FROM ${table} WHERE saga_id = $1::uuid AND step = $2::text AND kind = 'execute' AND outcome = 'succeeded')
                         THEN 'compensated' ELSE 'nothing-to-undo' END,
                    '{}'::jsonb
             ON CONFLICT (saga_id, step, kind) DO NOTHING
             RETURNING outcome`,
    },
    read: {
      name: `${schema}-fence-read`,
      text: `SELECT kind, outcome, reply FROM ${table} WHERE saga_id = $1::uuid AND step = $2::text`,
    },
  };
}

/** A fence row as `read` returns it. */
export interface FenceRow {
  readonly kind: 'execute' | 'compensate';
  readonly outcome: 'succeeded' | 'failed' | 'compensated' | 'nothing-to-undo';
  readonly reply: { readonly output?: unknown; readonly failure?: { code: string; message: string } } | null;
}
