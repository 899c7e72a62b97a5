import pg from 'pg';

/** "duplicate_database", or a unique violation on pg_database: another replica created it first. */
const ALREADY_CREATED: ReadonlySet<string> = new Set(['42P04', '23505']);

/**
 * Creates the database named in `databaseUrl` if it does not exist, by connecting to the
 * server's `postgres` database first. Lets `npm start` work on a fresh machine.
 */
export async function ensureDatabaseExists(databaseUrl: string): Promise<void> {
  const target = new URL(databaseUrl);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (name === '' || name === 'postgres') return;
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) {
      await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`).catch((error: unknown) => {
        if (!ALREADY_CREATED.has(String((error as { code?: unknown }).code))) throw error;
      });
    }
  } finally {
    await client.end();
  }
}
