import type pg from 'pg';

/** The business table of each example participant and the saga step whose effect it holds. */
const LedgeredTables = [
  { table: 'inventory.reservations', step: 'reserve-inventory' },
  { table: 'payment.charges', step: 'charge-payment' },
  { table: 'shipping.shipments', step: 'create-shipment' },
] as const;

/**
 * Installs `chaos.ledger` in the participants' database (chaos suite, replica check, e2e): a trigger row for every effect a
 * handler performs and every undo that changes a row. Effects are counted BEFORE INSERT, so a
 * handler that runs twice is seen even when the table's unique key then absorbs the second
 * insert: a real side effect (a card charge, an e-mail) has no unique key to hide behind.
 * Rows written by a transaction that rolls back vanish with it, as the effect does.
 */
export async function installParticipantLedger(db: pg.Pool): Promise<void> {
  await db.query(`
    CREATE SCHEMA IF NOT EXISTS chaos;
    CREATE TABLE IF NOT EXISTS chaos.ledger (
      id bigserial PRIMARY KEY,
      saga_id uuid NOT NULL,
      step text NOT NULL,
      action text NOT NULL CHECK (action IN ('effect', 'undo')),
      at timestamptz NOT NULL DEFAULT clock_timestamp()
    );
    CREATE OR REPLACE FUNCTION chaos.record_effect() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO chaos.ledger (saga_id, step, action) VALUES (NEW.saga_id, TG_ARGV[0], 'effect');
      RETURN NEW;
    END $$;
    CREATE OR REPLACE FUNCTION chaos.record_undo() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO chaos.ledger (saga_id, step, action) VALUES (NEW.saga_id, TG_ARGV[0], 'undo');
      RETURN NEW;
    END $$;
  `);
  for (const { table, step } of LedgeredTables) {
    await db.query(`
      DROP TRIGGER IF EXISTS chaos_effect ON ${table};
      CREATE TRIGGER chaos_effect BEFORE INSERT ON ${table}
        FOR EACH ROW EXECUTE FUNCTION chaos.record_effect('${step}');
      DROP TRIGGER IF EXISTS chaos_undo ON ${table};
      CREATE TRIGGER chaos_undo AFTER UPDATE OF status ON ${table}
        FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION chaos.record_undo('${step}');
    `);
  }
}

/** One ledger row. */
export interface LedgerEntry {
  readonly id: number;
  readonly sagaId: string;
  readonly step: string;
  readonly action: 'effect' | 'undo';
}

export async function readLedger(db: pg.Pool): Promise<LedgerEntry[]> {
  const { rows } = await db.query<{ id: string; saga_id: string; step: string; action: 'effect' | 'undo' }>(
    'SELECT id, saga_id, step, action FROM chaos.ledger ORDER BY id',
  );
  return rows.map((row) => ({ id: Number(row.id), sagaId: row.saga_id, step: row.step, action: row.action }));
}
