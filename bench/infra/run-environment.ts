import pg from 'pg';
import { createTestDatabase, createTestVhost, PG_ADMIN_URL } from '../../test/support/test-infrastructure.js';

/**
 * Fresh infrastructure for one measured run: the system's database, the participants' fence
 * database and a RabbitMQ vhost. Each run gets its own so that PostgreSQL commit counts and
 * RabbitMQ message counts can be read exactly once every connection is closed (PostgreSQL
 * flushes a backend's statistics at exit; the management API samples every few seconds).
 */
export interface RunEnvironment {
  readonly label: string;
  readonly databaseUrl: string;
  readonly databaseName: string;
  readonly fenceDatabaseUrl: string;
  readonly fenceDatabaseName: string;
  readonly rabbitmqUrl: string;
  readonly vhost: string;
  dispose(): Promise<void>;
}

export async function createRunEnvironment(label: string): Promise<RunEnvironment> {
  const [database, fence, vhost] = await Promise.all([createTestDatabase('bench'), createTestDatabase('bench_fence'), createTestVhost('bench')]);
  return {
    label,
    databaseUrl: database.url,
    databaseName: database.name,
    fenceDatabaseUrl: fence.url,
    fenceDatabaseName: fence.name,
    rabbitmqUrl: vhost.url,
    vhost: vhost.name,
    dispose: async () => {
      await Promise.all([database.drop(), fence.drop(), vhost.drop()]);
    },
  };
}

/** Committed transactions of one database since the statistics were reset (pg_stat_database). */
export async function committedTransactions(databaseName: string): Promise<number> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    const result = await client.query<{ xact_commit: string }>('SELECT xact_commit FROM pg_stat_database WHERE datname = $1', [databaseName]);
    return Number(result.rows[0]?.xact_commit ?? 0);
  } finally {
    await client.end();
  }
}
