import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';

/**
 * Isolated real infrastructure per test file: a fresh PostgreSQL database and a fresh
 * RabbitMQ vhost, both dropped afterwards. Test files can then run in parallel without
 * seeing each other's rows or queues.
 */
export const PG_ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';
export const RABBITMQ_HOST = process.env.TEST_RABBITMQ_HOST ?? '127.0.0.1';
/** AMQP port of the broker tests use (the chaos suite points it at its private node, see scripts/chaos-broker.sh). */
export const RABBITMQ_PORT = Number(process.env.TEST_RABBITMQ_PORT ?? 5672);
export const RABBITMQ_MANAGEMENT_URL = process.env.TEST_RABBITMQ_MANAGEMENT_URL ?? `http://${RABBITMQ_HOST}:15672`;
/**
 * AMQP ports of every node when the tests run on a RabbitMQ cluster (`5681,5682,5683`, set by
 * test/chaos-cluster's global setup); RABBITMQ_PORT is then the first of them.
 */
export const RABBITMQ_CLUSTER_PORTS = (process.env.TEST_RABBITMQ_CLUSTER_PORTS ?? String(RABBITMQ_PORT)).split(',').map(Number);
/** The broker's Erlang node name for `rabbitmqctl -n` (undefined: rabbitmqctl's default node). */
export const RABBITMQ_NODE = process.env.TEST_RABBITMQ_NODE;
const RABBITMQ_AUTH = 'Basic ' + Buffer.from('guest:guest').toString('base64');

export interface TestInfrastructure {
  /** `postgres://…/<fresh database>` */
  databaseUrl: string;
  /** `amqp://guest:guest@…/<fresh vhost>` */
  rabbitmqUrl: string;
  /** The vhost's URL on every node of the broker (just `rabbitmqUrl` on a single broker). */
  rabbitmqUrls: string[];
  databaseName: string;
  vhost: string;
  /** Drops the database and the vhost. */
  dispose(): Promise<void>;
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

async function withAdminClient<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(prefix = 'saga_test'): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = uniqueName(prefix);
  await withAdminClient((c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => withAdminClient((c) => dropDatabase(c, name)),
  };
}

/** How long a drop waits for sessions still closing before it terminates them. */
const CLOSING_SESSIONS_GRACE_MS = 1000;

/**
 * Drops a test database, terminating what still uses it, but only after the sessions a test just
 * ended have had a moment to go: `pg.Pool#end()` resolves before its idle connections have closed,
 * and a connection terminated meanwhile is re-emitted as the pool's 'error', an uncaught exception
 * in a test file whose pool has no listener (7 of 20 drops right after `end()`, measured).
 */
async function dropDatabase(admin: pg.Client, name: string): Promise<void> {
  const deadline = Date.now() + CLOSING_SESSIONS_GRACE_MS;
  const inUse = async () => ((await admin.query('SELECT 1 FROM pg_stat_activity WHERE datname = $1 LIMIT 1', [name])).rowCount ?? 0) > 0;
  while (Date.now() < deadline && (await inUse())) await sleep(10);
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

async function management(method: string, path: string, body?: unknown): Promise<void> {
  const response = await fetch(`${RABBITMQ_MANAGEMENT_URL}/api${path}`, {
    method,
    headers: { authorization: RABBITMQ_AUTH, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok && response.status !== 404) {
    throw new Error(`RabbitMQ management ${method} ${path}: ${response.status} ${await response.text()}`);
  }
}

export async function createTestVhost(prefix = 'saga_test'): Promise<{ url: string; urls: string[]; name: string; drop(): Promise<void> }> {
  const name = uniqueName(prefix);
  const encoded = encodeURIComponent(name);
  await management('PUT', `/vhosts/${encoded}`, {});
  await management('PUT', `/permissions/${encoded}/guest`, { configure: '.*', write: '.*', read: '.*' });
  return {
    url: `amqp://guest:guest@${RABBITMQ_HOST}:${RABBITMQ_PORT}/${encoded}`,
    urls: RABBITMQ_CLUSTER_PORTS.map((port) => `amqp://guest:guest@${RABBITMQ_HOST}:${port}/${encoded}`),
    name,
    drop: () => management('DELETE', `/vhosts/${encoded}`),
  };
}

/** A fresh database and vhost; call `dispose()` in `afterAll`. */
export async function createTestInfrastructure(prefix = 'saga_test'): Promise<TestInfrastructure> {
  const [database, vhost] = await Promise.all([createTestDatabase(prefix), createTestVhost(prefix)]);
  return {
    databaseUrl: database.url,
    rabbitmqUrl: vhost.url,
    rabbitmqUrls: vhost.urls,
    databaseName: database.name,
    vhost: vhost.name,
    dispose: async () => {
      await Promise.all([database.drop(), vhost.drop()]);
    },
  };
}

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  { timeoutMs = 20_000, intervalMs = 50, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`, { cause: lastError });
}
