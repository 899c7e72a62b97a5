import pg from 'pg';
import { SagaClient } from './saga-client.js';
import { startCoordinator, startService, type ServiceProcess } from './service-processes.js';
import { createTestInfrastructure, eventually, type TestInfrastructure } from './test-infrastructure.js';

/** The example participants of the order saga, each a process of its own. */
export const ExampleParticipants = ['inventory', 'payment', 'shipping'] as const;

export function startExampleParticipants(env: Record<string, string>): ServiceProcess[] {
  return ExampleParticipants.map((name) => startService(name, env));
}

/**
 * Waits until every example participant has announced itself to the coordinator; on time-out
 * the error carries the tail of each service's output.
 */
export async function waitForParticipants(client: SagaClient, services: readonly ServiceProcess[]): Promise<void> {
  await eventually(
    async () => {
      const { body } = await client.json('/v1/participants');
      return Array.isArray(body) && body.length === ExampleParticipants.length ? body : undefined;
    },
    { timeoutMs: 60_000, what: 'the three participants to announce themselves' },
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n${services.map((s) => `--- ${s.name}\n${s.log.slice(-3000)}`).join('\n')}`);
  });
}

/** A running order system on fresh infrastructure: coordinator + example participants, and a pool on its database. */
export interface OrderSystem {
  readonly infra: TestInfrastructure;
  readonly client: SagaClient;
  readonly db: pg.Pool;
  readonly services: readonly ServiceProcess[];
  /** The participants' rows for one order in `table` (e.g. `payment.charges`). */
  rowsOf(table: string, orderId: string): Promise<Record<string, unknown>[]>;
  /** Stops every process, closes the pool, drops the database and vhost. */
  stop(): Promise<void>;
}

/**
 * Starts the coordinator (with `coordinatorEnv` on top) and the example participants on a fresh
 * database and vhost, and waits until they announced.
 */
export async function startOrderSystem(prefix: string, coordinatorEnv: Record<string, string> = {}): Promise<OrderSystem> {
  const infra = await createTestInfrastructure(prefix);
  const env = { DATABASE_URL: infra.databaseUrl, RABBITMQ_URL: infra.rabbitmqUrl };
  const coordinator = await startCoordinator({ ...env, ...coordinatorEnv });
  const services = [coordinator.process, ...startExampleParticipants(env)];
  const client = new SagaClient(coordinator.baseUrl);
  const db = new pg.Pool({ connectionString: infra.databaseUrl, max: 2 });
  await waitForParticipants(client, services);
  return {
    infra,
    client,
    db,
    services,
    rowsOf: async (table, orderId) => (await db.query(`SELECT * FROM ${table} WHERE order_id = $1`, [orderId])).rows,
    stop: async () => {
      await Promise.all(services.map((s) => s.stop()));
      await db.end();
      await infra.dispose();
    },
  };
}
