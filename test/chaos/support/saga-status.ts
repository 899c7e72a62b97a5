import type pg from 'pg';
import { eventually } from '../../support/test-infrastructure.js';

/** Waits until none of `ids` is RUNNING or COMPENSATING (COMPENSATION_FAILED counts as settled). */
export async function waitUntilSettled(db: pg.Pool, ids: readonly string[], timeoutMs = 600_000): Promise<boolean> {
  return eventually(
    async () => {
      const { rows } = await db.query<{ open: string }>(
        `SELECT count(*) AS open FROM saga WHERE id = ANY($1::uuid[]) AND status IN ('RUNNING', 'COMPENSATING')`,
        [ids],
      );
      return Number(rows[0]?.open) === 0 ? true : undefined;
    },
    { timeoutMs, intervalMs: 500, what: 'sagas to settle' },
  ).catch(() => false);
}

/** Ids of the sagas among `ids` with the given status. */
export async function sagasWithStatus(db: pg.Pool, ids: readonly string[], status: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM saga WHERE id = ANY($1::uuid[]) AND status = $2`, [ids, status]);
  return rows.map((r) => r.id);
}

/** Step-log entries of one type, optionally for one step, among `ids`. */
export async function countEvents(db: pg.Pool, ids: readonly string[], type: string, step?: string): Promise<number> {
  const { rows } = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM saga_event WHERE saga_id = ANY($1::uuid[]) AND type = $2 AND ($3::text IS NULL OR step = $3)`,
    [ids, type, step ?? null],
  );
  return Number(rows[0]?.n);
}

/** Sagas of the database not yet finished: at the moment a fault heals, proof that it hit work in flight. */
export async function sagasInFlight(db: pg.Pool): Promise<number> {
  const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM saga WHERE status IN ('RUNNING', 'COMPENSATING')`);
  return Number(rows[0]?.n);
}
