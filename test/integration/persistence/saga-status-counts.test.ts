import fc from 'fast-check';
import pg from 'pg';
import { SagaStatusCounts1764700000000 } from '../../../migrations/1764700000000-saga-status-counts.js';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDataSourceOptions } from '../../../src/persistence/data-source-options.js';
import { SagaMonitorRepository } from '../../../src/persistence/repositories/saga-monitor.repository.js';
import { initializeDataSource } from '../../../src/persistence/run-migrations-exclusively.util.js';
import { SagaStatuses } from '../../../src/saga-engine/state/saga-status.js';
import { createTestDatabase } from '../../support/test-infrastructure.js';

const STATUSES = Object.values(SagaStatuses);
const DEFINITIONS = ['order', 'refund'];
const CONNECTIONS = 8;

/** One statement of a transaction, as the coordinator's writers send them (starts, decisions, retention). */
type Operation =
  | { kind: 'start'; definition: string; status: string }
  | { kind: 'move'; from: string; to: string }
  | { kind: 'rewrite'; status: string }
  | { kind: 'retain'; batch: number };

const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({ kind: fc.constant('start' as const), definition: fc.constantFrom(...DEFINITIONS), status: fc.constantFrom(...STATUSES) }),
  fc.record({ kind: fc.constant('move' as const), from: fc.constantFrom(...STATUSES), to: fc.constantFrom(...STATUSES) }),
  fc.record({ kind: fc.constant('rewrite' as const), status: fc.constantFrom(...STATUSES) }),
  fc.record({ kind: fc.constant('retain' as const), batch: fc.integer({ min: 1, max: 20 }) }),
);
const transaction = fc.record({ operations: fc.array(operation, { minLength: 1, maxLength: 6 }), commit: fc.boolean() });

function statement(op: Operation): [string, unknown[]] {
  // A random row that no other transaction holds, as a decision locks its saga first.
  const pick = `SELECT id FROM saga WHERE status = $1 ORDER BY random() LIMIT 1 FOR UPDATE SKIP LOCKED`;
  switch (op.kind) {
    case 'start':
      return [
        `INSERT INTO saga (id, definition_name, definition_version, status, state, input) VALUES (gen_random_uuid(), $1, 1, $2, '{}', '{}')`,
        [op.definition, op.status],
      ];
    case 'move':
      return [`UPDATE saga SET status = $2, state = '{}', last_seq = last_seq + 1, updated_at = now() WHERE id = (${pick})`, [op.from, op.to]];
    case 'rewrite':
      // A decision that keeps the status: `status` is in the SET list, its value unchanged.
      return [`UPDATE saga SET status = $1, last_seq = last_seq + 1, updated_at = now() WHERE id = (${pick})`, [op.status]];
    case 'retain':
      return [
        `DELETE FROM saga WHERE id IN (SELECT id FROM saga WHERE status IN ('COMPLETED', 'COMPENSATED') LIMIT $1 FOR UPDATE SKIP LOCKED)`,
        [op.batch],
      ];
  }
}

/**
 * `saga_status_count` (maintained by triggers) against the truth, `count(*)` of the sagas: after
 * concurrent transactions that start, move, rewrite and delete sagas on several connections, some
 * committed, some rolled back, some aborted by PostgreSQL.
 */
describe('saga counts per status kept by triggers', () => {
  let database: { url: string; drop(): Promise<void> };
  let dataSource: DataSource;
  let pool: pg.Pool;
  let monitor: SagaMonitorRepository;

  beforeAll(async () => {
    database = await createTestDatabase('saga_status_counts');
    dataSource = await initializeDataSource(createDataSourceOptions({ url: database.url, poolSize: 2 }));
    for (const name of DEFINITIONS)
      await dataSource.query(`INSERT INTO saga_definition (name, version, definition, content_hash) VALUES ($1, 1, '{}', 'x')`, [name]);
    pool = new pg.Pool({ connectionString: database.url, max: CONNECTIONS });
    monitor = new SagaMonitorRepository(dataSource);
  }, 60_000);
  afterAll(async () => {
    await pool?.end();
    await dataSource?.destroy();
    await database?.drop();
  });

  async function counted(): Promise<Record<string, number>> {
    const rows = await dataSource.query<{ key: string; n: string }[]>(
      `SELECT definition_name || '/' || status AS key, count(*) AS n FROM saga GROUP BY 1 ORDER BY 1`,
    );
    return Object.fromEntries(rows.map((row) => [row.key, Number(row.n)]));
  }

  async function counters(): Promise<Record<string, number>> {
    const rows = await dataSource.query<{ key: string; n: string }[]>(
      `SELECT definition_name || '/' || status AS key, sum(n) AS n FROM saga_status_count GROUP BY 1 HAVING sum(n) <> 0 ORDER BY 1`,
    );
    return Object.fromEntries(rows.map((row) => [row.key, Number(row.n)]));
  }

  /** Runs one transaction; a deadlock or any other error rolls it back, as the coordinator's would. */
  async function run(tx: { operations: Operation[]; commit: boolean }): Promise<'committed' | 'rolled back' | 'aborted'> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      for (const op of tx.operations) await client.query(...statement(op));
      await client.query(tx.commit ? 'COMMIT' : 'ROLLBACK');
      return tx.commit ? 'committed' : 'rolled back';
    } catch {
      await client.query('ROLLBACK');
      return 'aborted';
    } finally {
      client.release();
    }
  }

  it('equal count(*) per definition and status after any mix of concurrent transactions', async () => {
    const outcomes = { committed: 0, 'rolled back': 0, aborted: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(transaction, { minLength: 10, maxLength: 40 }), async (transactions) => {
        for (const outcome of await Promise.all(transactions.map(run))) outcomes[outcome]++;
        expect(await counters()).toEqual(await counted());
      }),
      { numRuns: 30 },
    );
    // The property saw real work: commits that changed counts and rollbacks that must not have.
    console.log(`[counts] concurrent transactions: ${JSON.stringify(outcomes)}`);
    expect(outcomes.committed).toBeGreaterThan(100);
    expect(outcomes['rolled back']).toBeGreaterThan(100);
    expect(Object.keys(await counted()).length).toBeGreaterThan(3);
  }, 120_000);

  it('spreads concurrent writers over shards, and the API counts sum them', async () => {
    const shards = await dataSource.query<{ n: number }[]>('SELECT count(DISTINCT shard)::int AS n FROM saga_status_count');
    expect(shards[0]!.n).toBeGreaterThan(1);
    const byStatus = await dataSource.query<{ status: string; n: string }[]>('SELECT status, count(*) AS n FROM saga GROUP BY status');
    expect((await monitor.counts(300_000)).byStatus).toEqual(Object.fromEntries(byStatus.map((row) => [row.status, Number(row.n)])));
  });

  it('is initialised from the sagas already there when the migration runs', async () => {
    // This migration's own down and up (not "the last migration": later ones may follow it).
    const migration = new SagaStatusCounts1764700000000();
    const runner = dataSource.createQueryRunner();
    await migration.down(runner);
    await dataSource.query(
      `INSERT INTO saga (id, definition_name, definition_version, status, state, input)
       SELECT gen_random_uuid(), 'refund', 1, 'COMPENSATED', '{}', '{}' FROM generate_series(1, 50)`,
    );
    await migration.up(runner);
    await runner.release();
    expect(await counters()).toEqual(await counted());
  });

  it('is emptied with the sagas by TRUNCATE', async () => {
    await dataSource.query('TRUNCATE saga CASCADE');
    expect(await counters()).toEqual({});
  });
});
