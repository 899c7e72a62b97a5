import type pg from 'pg';
import type { CommandKind } from '@saga-coordinator/contracts';
import type { FenceOutcome } from './fence-outcome.js';
import type { FenceRecord, StepFence, StoredReply } from './fence-record.js';
import { quoteSqlIdentifier } from './sql-identifier.util.js';
import type { TransactionClient } from './step-handler.js';

/** Row shape of `<schema>.saga_fence`. */
interface FenceRow {
  saga_id: string;
  step: string;
  kind: CommandKind;
  message_id: string;
  outcome: FenceOutcome;
  reply: StoredReply | null;
}

/**
 * The fence table in the participant's own schema. Keyed by (saga, step, kind), never by
 * attempt: a retried step is the same effect. Every method but `ensureTable` runs inside the
 * caller's transaction.
 */
export class FenceRepository {
  private readonly table: string;
  private readonly schema: string;

  constructor(schema: string) {
    this.schema = quoteSqlIdentifier(schema);
    this.table = `${this.schema}.saga_fence`;
  }

  /** Creates the schema and table if missing; an advisory lock keeps concurrent starts from racing on DDL. */
  async ensureTable(pool: pg.Pool): Promise<void> {
    const client = await pool.connect();
    const onClientError = (): void => undefined; // the failing query reports it; see CommandProcessor
    client.on('error', onClientError);
    try {
      await client.query('BEGIN');
      await client.query("SELECT pg_advisory_xact_lock(hashtextextended('saga_fence_ddl:' || $1, 0))", [this.schema]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${this.table} (
        saga_id uuid NOT NULL,
        step text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('execute', 'compensate')),
        message_id text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('succeeded', 'failed', 'compensated', 'nothing-to-undo')),
        reply jsonb,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (saga_id, step, kind)
      )`);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.off('error', onClientError);
      client.release();
    }
  }

  /**
   * Serialises every command of one (saga, step), execute and compensate alike, until the
   * transaction ends. Row locks cannot do this: the rows may not exist yet, and an execute
   * racing its compensation would each miss the other's uncommitted row.
   */
  async lockStep(tx: TransactionClient, sagaId: string, step: string): Promise<void> {
    await tx.query("SELECT pg_advisory_xact_lock(hashtextextended($1 || ':' || $2 || ':' || $3, 0))", [
      this.schema,
      sagaId,
      step,
    ]);
  }

  /** The records of one (saga, step). Call after `lockStep`. */
  async read(tx: TransactionClient, sagaId: string, step: string): Promise<StepFence> {
    const { rows } = await tx.query<FenceRow>(
      `SELECT saga_id, step, kind, message_id, outcome, reply FROM ${this.table} WHERE saga_id = $1 AND step = $2`,
      [sagaId, step],
    );
    const fence: { execute?: FenceRecord; compensate?: FenceRecord } = {};
    for (const row of rows) fence[row.kind] = toRecord(row);
    return fence;
  }

  /**
   * Records an outcome. `ON CONFLICT DO NOTHING` is the backstop behind `lockStep`: a second
   * writer of the same key inserts nothing and is told so (returns false).
   */
  async insert(tx: TransactionClient, record: FenceRecord): Promise<boolean> {
    const result = await tx.query(
      `INSERT INTO ${this.table} (saga_id, step, kind, message_id, outcome, reply)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb) ON CONFLICT (saga_id, step, kind) DO NOTHING`,
      [record.sagaId, record.step, record.kind, record.messageId, record.outcome, JSON.stringify(record.reply)],
    );
    return result.rowCount === 1;
  }
}

function toRecord(row: FenceRow): FenceRecord {
  return {
    sagaId: row.saga_id,
    step: row.step,
    kind: row.kind,
    messageId: row.message_id,
    outcome: row.outcome,
    reply: row.reply ?? {},
  };
}
