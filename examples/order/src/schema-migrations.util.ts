import type pg from 'pg';

/** One versioned, forward-only change of a participant's own schema. */
export interface SchemaMigration {
  readonly version: number;
  readonly sql: string;
}

/**
 * Applies the migrations of `schema` not applied yet, in version order, in one transaction
 * under an advisory lock, so several processes starting at once apply each exactly once.
 * Returns the versions applied now.
 */
export async function applySchemaMigrations(pool: pg.Pool, schema: string, migrations: readonly SchemaMigration[]): Promise<number[]> {
  const client = await pool.connect();
  // A checked-out client has no pool error listener; the failing query reports the error anyway.
  const onClientError = (): void => undefined;
  client.on('error', onClientError);
  try {
    await client.query('BEGIN');
    await client.query("SELECT pg_advisory_xact_lock(hashtextextended('example-migrations:' || $1, 0))", [schema]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS "${schema}".schema_migrations (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const { rows } = await client.query<{ version: number }>(`SELECT version FROM "${schema}".schema_migrations`);
    const applied = new Set(rows.map((row) => row.version));
    const pending = [...migrations].sort((a, b) => a.version - b.version).filter((m) => !applied.has(m.version));
    for (const migration of pending) {
      await client.query(migration.sql);
      await client.query(`INSERT INTO "${schema}".schema_migrations (version) VALUES ($1)`, [migration.version]);
    }
    await client.query('COMMIT');
    return pending.map((m) => m.version);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.off('error', onClientError);
    client.release();
  }
}
