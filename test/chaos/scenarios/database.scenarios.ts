import type { Scenario } from '../support/scenario-runner.js';
import { PG_ADMIN_URL } from '../../support/test-infrastructure.js';
import pg from 'pg';

/** 15: every backend of the scenario's database (coordinator and participants) is terminated three times mid-run. */
export const backendsTerminated: Scenario = {
  id: '15',
  title: 'PostgreSQL backends killed (pg_terminate_backend) mid-transaction',
  async run(ctx) {
    const { cluster } = ctx;
    await cluster.startSystem();
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    const terminated: number[] = [];
    const terminate = async (): Promise<void> => {
      const { rowCount } = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
        [cluster.infra.databaseName],
      );
      terminated.push(rowCount ?? 0);
    };
    try {
      const submitted = ctx.submit(ctx.orders);
      for (let round = 0; round < 3; round++) {
        await new Promise((r) => setTimeout(r, 800));
        await terminate();
      }
      const value = await submitted;
      return {
        ...value,
        faultFired: terminated.every((n) => n > 0) && cluster.all.every((s) => s.running),
        evidence: [`backends terminated per round: ${terminated.join(', ')}`, `every process survived: ${cluster.all.every((s) => s.running)}`],
      };
    } finally {
      await admin.end();
    }
  },
};
