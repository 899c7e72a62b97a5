import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgTransactions } from '@saga-coordinator/participant';
import { createTestInfrastructure, eventually, type TestInfrastructure } from '../../support/test-infrastructure.js';

/**
 * A connection whose backend is terminated while nothing runs on it must not crash the
 * participant: pg emits that FATAL on the client, and an 'error' event without a listener is an
 * uncaught exception (this file fails with "Unhandled error" without the adapter's listener).
 */
describe('the pg adapter when a backend is terminated between statements', () => {
  let infra: TestInfrastructure;
  let pool: pg.Pool;
  let admin: pg.Pool;

  beforeAll(async () => {
    infra = await createTestInfrastructure('sdk_pg_loss');
    pool = new pg.Pool({ connectionString: infra.databaseUrl, max: 2 });
    admin = new pg.Pool({ connectionString: infra.databaseUrl, max: 1 });
    pool.on('error', () => undefined); // idle clients: the pool's own event, as a participant handles it
    pgTransactions(pool);
  });

  afterAll(async () => {
    await Promise.all([pool?.end(), admin?.end()]);
    await infra?.dispose();
  });

  it('survives a FATAL on a checked-out client with no query running, and the pool goes on', async () => {
    const client = await pool.connect(); // checked out: the pool no longer listens to it
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    await admin.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
    // No listener of ours on the client (that would hide the bug): pg marks it unqueryable as it emits.
    await eventually(() => expect((client as unknown as { _queryable: boolean })._queryable).toBe(false));
    client.release(new Error('backend terminated'));
    const after = await pool.query<{ ok: number }>('SELECT 1 AS ok');
    expect(after.rows).toEqual([{ ok: 1 }]);
  });
});
