import type { Scenario } from '../support/scenario-runner.js';
import { postgresStartTime, restartPostgres } from '../support/postgres-server.js';
import { PG_ADMIN_URL } from '../../support/test-infrastructure.js';
import pg from 'pg';

/**
 * 15: the whole PostgreSQL server restarts (fast shutdown) while sagas run, then every backend of
 * the scenario's database (coordinator and participants) is terminated three times mid-run.
 */
export const backendsTerminated: Scenario = {
  id: '15',
  title: 'PostgreSQL backends killed (pg_terminate_backend) mid-transaction; PostgreSQL restarted',
  async run(ctx) {
    const { cluster } = ctx;
    await cluster.startSystem();
    const terminated: number[] = [];
    // A client per round: the restart in between ends every session.
    const terminate = async (): Promise<void> => {
      const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
      await admin.connect();
      try {
        const { rowCount } = await admin.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
          [cluster.infra.databaseName],
        );
        terminated.push(rowCount ?? 0);
      } finally {
        await admin.end();
      }
    };
    const submitted = ctx.submit(ctx.orders);
    // The whole server restarted while the burst is in flight, then backends killed three times.
    await new Promise((r) => setTimeout(r, 150));
    const startedBefore = await postgresStartTime();
    const inFlight = await sagasInFlight(cluster.db);
    const { downMs } = await restartPostgres();
    const restarted = (await postgresStartTime()) !== startedBefore;
    for (let round = 0; round < 3; round++) {
      await new Promise((r) => setTimeout(r, 800));
      await terminate();
    }
    const value = await submitted;
    const survived = cluster.all.every((s) => s.running);
    return {
      ...value,
      faultFired: terminated.every((n) => n > 0) && restarted && inFlight > 0 && survived,
      evidence: [
        `backends terminated per round: ${terminated.join(', ')}`,
        `server restarted (pg_ctlcluster restart -m fast, answering again after ${downMs} ms) with ${inFlight} saga(s) in flight: ${restarted}`,
        `every process survived: ${survived}`,
      ],
    };
  },
};

async function sagasInFlight(db: pg.Pool): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM saga WHERE status IN ('RUNNING', 'COMPENSATING')`);
  return rows[0]!.n;
}
