import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import pg from 'pg';
import { eventually, PG_ADMIN_URL } from '../../support/test-infrastructure.js';

const run = promisify(execFile);

/** When the server (postmaster) last started: proof that a restart really happened. */
export async function postgresStartTime(): Promise<string> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const { rows } = await client.query<{ started: Date }>('SELECT pg_postmaster_start_time() AS started');
    return rows[0]!.started.toISOString();
  } finally {
    await client.end();
  }
}

/**
 * Restarts the local PostgreSQL cluster with a fast shutdown (every session is cut, in-flight
 * transactions roll back) the way the machine's operator does, and waits until it answers again.
 * The one shared server: only the chaos suite, which runs alone, may do this.
 */
export async function restartPostgres(): Promise<{ downMs: number }> {
  const version = readdirSync('/etc/postgresql')[0]!;
  const began = Date.now();
  await run('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'restart', '-m', 'fast']);
  await eventually(() => postgresStartTime(), { timeoutMs: 60_000, intervalMs: 200, what: 'PostgreSQL answering after its restart' });
  return { downMs: Date.now() - began };
}
