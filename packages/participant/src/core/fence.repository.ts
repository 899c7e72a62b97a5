import type { CommandKind } from '@saga-coordinator/contracts';
import type { FenceOutcome } from './fence-outcome.js';
import type { FenceRecord, StepFence, StoredReply } from './fence-record.js';
import { quoteSqlIdentifier } from './sql-identifier.util.js';
import { fenceMigrationStatements } from './fence-migration.js';
import type { OpenTransaction, TransactionAdapter } from './transaction-adapter.js';

/** Runs the fence's statements in the command's transaction. */
type SqlRunner = Pick<OpenTransaction<unknown>, 'query'>;

/** Row shape of `<schema>.saga_fence`. */
interface FenceRow extends Record<string, unknown> {
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

  constructor(private readonly schemaName: string) {
    this.schema = quoteSqlIdentifier(schemaName);
    this.table = `${this.schema}.saga_fence`;
  }

  /**
   * Creates the schema and table if missing (the statements of `sql/001_fence.sql`); an advisory
   * lock keeps concurrent starts from racing on DDL.
   */
  async ensureTable(transactions: TransactionAdapter<unknown>): Promise<void> {
    const tx = await transactions.begin();
    let broken: Error | undefined;
    try {
      await tx.query("SELECT pg_advisory_xact_lock(hashtextextended('saga_fence_ddl:' || $1, 0))", [this.schema]);
      for (const statement of fenceMigrationStatements(this.schemaName)) await tx.query(statement);
      await tx.commit();
    } catch (error) {
      broken = error instanceof Error ? error : new Error(String(error));
      await tx.rollback().catch(() => undefined);
      throw error;
    } finally {
      await tx.release(broken);
    }
  }

  /**
   * Serialises every command of one (saga, step), execute and compensate alike, until the
   * transaction ends. Row locks cannot do this: the rows may not exist yet, and an execute
   * racing its compensation would each miss the other's uncommitted row.
   */
  async lockStep(tx: SqlRunner, sagaId: string, step: string): Promise<void> {
    await tx.query("SELECT pg_advisory_xact_lock(hashtextextended($1 || ':' || $2 || ':' || $3, 0))", [this.schema, sagaId, step]);
  }

  /** The records of one (saga, step). Call after `lockStep`. */
  async read(tx: SqlRunner, sagaId: string, step: string): Promise<StepFence> {
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
  async insert(tx: SqlRunner, record: FenceRecord): Promise<boolean> {
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
