import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderInput, Refusals } from '../support/order-fixtures.js';
import { startExampleParticipants, waitForParticipants } from '../support/order-system.js';
import { SagaClient } from '../support/saga-client.js';
import { startCoordinator, type ServiceProcess } from '../support/service-processes.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { createTestInfrastructure, eventually, type TestInfrastructure } from '../support/test-infrastructure.js';
import { queueStats } from './fixtures/rabbitmq-management.js';

const FINAL = ['COMPLETED', 'COMPENSATED', 'COMPENSATION_FAILED'];

/**
 * PostgreSQL goes away under a running coordinator (RELIABILITY faults 14 and 15): the
 * coordinator reaches its database through a TCP proxy the test cuts or silences, while the
 * example participants keep their own direct connections and keep replying.
 */
describe('coordinator database faults end to end', () => {
  let infra: TestInfrastructure;
  let proxy: TcpProxy;
  let services: ServiceProcess[] = [];
  let client: SagaClient;
  let db: pg.Pool;

  beforeAll(async () => {
    infra = await createTestInfrastructure('saga_e2e_dbfault');
    proxy = await startTcpProxy({ targetPort: Number(new URL(infra.databaseUrl).port || 5432) });
    const proxied = new URL(infra.databaseUrl);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    const env = { DATABASE_URL: infra.databaseUrl, RABBITMQ_URL: infra.rabbitmqUrl };
    const coordinator = await startCoordinator({
      ...env,
      DATABASE_URL: proxied.toString(),
      // query_timeout follows: 2 s + 5 s margin before a silent connection is given up.
      DATABASE_STATEMENT_TIMEOUT_MS: '2000',
      OUTBOX_POLL_INTERVAL_MS: '500',
      TIMER_POLL_INTERVAL_MS: '200',
    });
    services = [coordinator.process, ...startExampleParticipants(env)];
    client = new SagaClient(coordinator.baseUrl);
    db = new pg.Pool({ connectionString: infra.databaseUrl, max: 2 });
    await waitForParticipants(client, services);
  });

  afterAll(async () => {
    proxy?.resume();
    await Promise.all(services.map((s) => s.stop()));
    await proxy?.close();
    await db?.end();
    await infra?.dispose();
  });

  const expectStoreUnavailable = (response: Response, body: any) => {
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.headers.get('retry-after')).toBe('5');
    expect(body.type).toBe('urn:saga-coordinator:problem:store-unavailable');
  };

  const expectNoDoubledEffects = async (orderIds: string[]) => {
    for (const table of ['inventory.reservations', 'payment.charges', 'shipping.shipments']) {
      const { rows } = await db.query(`SELECT order_id FROM ${table} WHERE order_id = ANY($1) GROUP BY order_id HAVING count(*) > 1`, [orderIds]);
      expect(rows, `doubled rows in ${table}`).toEqual([]);
    }
  };

  it('answers 503 problem+json while PostgreSQL is cut off, acks no reply, and finishes every saga in flight once it is back', async () => {
    const kinds = Array.from({ length: 20 }, (_, i) => (i % 4 === 3 ? 'payment' : 'ok'));
    const inputs = kinds.map((kind) => (kind === 'ok' ? orderInput() : Refusals.payment()));
    const started = await Promise.all(inputs.map((input) => client.start(input)));
    expect(started.map((s) => s.status)).toEqual(kinds.map(() => 202));

    proxy.pause();
    proxy.cut();
    try {
      const response = await fetch(`${client.baseUrl}/v1/sagas`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ definition: 'order', input: orderInput() }),
      });
      expectStoreUnavailable(response, await response.json());
      const read = await fetch(`${client.baseUrl}/v1/sagas/${started[0]!.body.id}`);
      expectStoreUnavailable(read, await read.json());
      expect((await fetch(`${client.baseUrl}/health/ready`)).status).toBe(503);

      // Replies keep arriving from the participants; the coordinator holds them unacked.
      await eventually(async () => ((await queueStats(infra, 'saga.replies')).messagesUnacknowledged > 0 ? true : undefined), {
        timeoutMs: 20_000,
        intervalMs: 500,
        what: 'replies held unacknowledged while the database is down',
      });
    } finally {
      proxy.resume();
    }

    const finals = await Promise.all(started.map((s) => client.waitFor(s.body.id, FINAL, 60_000)));
    finals.forEach((saga, i) => expect(saga.status, saga.id).toBe(kinds[i] === 'ok' ? 'COMPLETED' : 'COMPENSATED'));
    await expectNoDoubledEffects(inputs.map((input) => input.orderId));
  });

  it('fails fast on a silent (half-open) database connection instead of hanging, and recovers when it answers again', async () => {
    // Warm the pool so that requests land on connections that are about to go silent.
    expect((await client.start(orderInput())).status).toBe(202);
    proxy.pause();
    const before = Date.now();
    try {
      const response = await fetch(`${client.baseUrl}/v1/sagas?limit=1`, { signal: AbortSignal.timeout(30_000) });
      expectStoreUnavailable(response, await response.json());
      // query_timeout (7 s) or the connect timeout (5 s), never the 30 s abort above.
      expect(Date.now() - before).toBeLessThan(20_000);
    } finally {
      proxy.resume();
    }

    const input = orderInput();
    const started = await eventually(
      async () => {
        const attempt = await client.start(input, { idempotencyKey: `after-silence-${input.orderId}` });
        return attempt.status === 202 || attempt.status === 200 ? attempt : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500, what: 'the API to accept sagas again' },
    );
    expect((await client.waitFor(started.body.id, FINAL, 30_000)).status).toBe('COMPLETED');
  });
});
