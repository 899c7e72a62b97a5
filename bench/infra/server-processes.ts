import pg from 'pg';
import { PG_ADMIN_URL } from '../../test/support/test-infrastructure.js';
import { managementGet } from './rabbitmq-stats.js';

/** A PostgreSQL process and the database it serves (null: a background process). */
export interface PostgresProcess {
  readonly pid: number;
  readonly database: string | null;
}

/**
 * The PostgreSQL processes a run is charged with: the backends connected to the run's own
 * databases, plus the server's background processes (WAL writer, checkpointer, background
 * writer, launchers: `datname IS NULL`), which do the commits' flushing for everyone. Backends
 * of other databases (other work on a shared machine) are left out, and so are the ones that
 * already exited.
 */
export async function postgresPidsOf(databases: readonly string[]): Promise<PostgresProcess[]> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    const { rows } = await client.query<PostgresProcess>(
      'SELECT pid, datname AS database FROM pg_stat_activity WHERE (datname = ANY($1::text[]) OR datname IS NULL) AND pid <> pg_backend_pid()',
      [databases],
    );
    return rows;
  } finally {
    await client.end();
  }
}

let brokerPids: Promise<number[]> | undefined;

/**
 * The operating-system pids of the RabbitMQ node(s) behind the management API (`os_pid`):
 * the broker that serves the run's vhost, not another one on the same machine (the chaos
 * suite starts its own).
 */
export function rabbitmqPids(): Promise<number[]> {
  brokerPids ??= managementGet<{ os_pid?: string }[]>('/api/nodes').then(
    (nodes) => nodes.map((node) => Number(node.os_pid)).filter((pid) => pid > 0),
    (error: unknown) => {
      brokerPids = undefined; // ask again next time rather than keep the failure
      throw error;
    },
  );
  return brokerPids;
}
