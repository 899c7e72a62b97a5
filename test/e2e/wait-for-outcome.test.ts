import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Topology } from '@saga-coordinator/contracts';
import { orderInput, Refusals } from '../support/order-fixtures.js';
import { startExampleParticipants, waitForParticipants } from '../support/order-system.js';
import { SagaClient } from '../support/saga-client.js';
import { startCoordinator, startService, type ServiceProcess } from '../support/service-processes.js';
import { writeDefinitionsFile } from './fixtures/coordinator-with-definitions.js';
import type { SagaDefinition } from '../../src/saga-engine/definition/saga-definition.js';
import {
  createTestInfrastructure,
  eventually,
  PG_ADMIN_URL,
  RABBITMQ_MANAGEMENT_URL,
  type TestInfrastructure,
} from '../support/test-infrastructure.js';

/** A saga that does nothing until it is signalled: no command, no timer due for ten minutes, so nothing reads it on its own. */
const approval = {
  name: 'approval-only',
  steps: [{ type: 'wait', name: 'approval', signal: 'approved', timeoutMs: 600_000 }],
} as unknown as SagaDefinition;

const ManagementAuth = 'Basic ' + Buffer.from('guest:guest').toString('base64');

/**
 * `Prefer: wait` across two coordinator replicas on one database and vhost: the waiter's replica
 * (`CONSUME_REPLIES=false`, an API-only replica) never applies a reply, so every saga it answers
 * for was finished by the other one, and only PostgreSQL NOTIFY can have woken it.
 */
describe('waiting for the outcome of a saga over HTTP', () => {
  let infra: TestInfrastructure;
  let waiter: { process: ServiceProcess; baseUrl: string };
  let finisher: { process: ServiceProcess; baseUrl: string };
  let participants: ServiceProcess[];
  let admin: pg.Client;
  let db: pg.Client;
  let definitions: string;
  const env = () => ({
    DATABASE_URL: infra.databaseUrl,
    RABBITMQ_URL: infra.rabbitmqUrl,
    RATE_LIMIT_PER_KEY: '1000000',
    LOG_LEVEL: 'warn',
    INITIAL_DEFINITIONS_FILE: definitions,
  });

  beforeAll(async () => {
    infra = await createTestInfrastructure('e2e_wait');
    definitions = writeDefinitionsFile([approval]);
    finisher = await startCoordinator(env(), 'finisher');
    waiter = await startCoordinator({ ...env(), CONSUME_REPLIES: 'false', WAIT_MAX_WAITERS_PER_KEY: '1000' }, 'waiter');
    participants = startExampleParticipants({ DATABASE_URL: infra.databaseUrl, RABBITMQ_URL: infra.rabbitmqUrl });
    await waitForParticipants(new SagaClient(waiter.baseUrl), [waiter.process, finisher.process, ...participants]);
    admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    db = new pg.Client({ connectionString: infra.databaseUrl });
    await db.connect();
  }, 120_000);

  afterAll(async () => {
    await admin?.end();
    await db?.end();
    await Promise.all([waiter?.process.stop(), finisher?.process.stop(), ...(participants ?? []).map((p) => p.stop())]);
    await infra?.dispose();
  });

  async function start(baseUrl: string, input: unknown, headers: Record<string, string> = {}, definition = 'order') {
    const response = await fetch(`${baseUrl}/v1/sagas`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ definition, input }),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as any };
  }

  async function read(baseUrl: string, id: string, prefer: string) {
    const response = await fetch(`${baseUrl}/v1/sagas/${id}`, { headers: { prefer } });
    return { status: response.status, headers: response.headers, body: (await response.json()) as any };
  }

  /** Consumers of the coordinator's reply queue, as RabbitMQ counts them. */
  async function replyConsumers(): Promise<number> {
    const response = await fetch(
      `${RABBITMQ_MANAGEMENT_URL}/api/queues/${encodeURIComponent(infra.vhost)}/${encodeURIComponent(Topology.repliesQueue)}`,
      {
        headers: { authorization: ManagementAuth },
      },
    );
    return ((await response.json()) as { consumers: number }).consumers;
  }

  /** Index and sequential scans of the saga table: every read of a saga is one. */
  async function sagaTableScans(): Promise<number> {
    await db.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await db.query<{ n: string }>(
      `SELECT (coalesce(seq_scan, 0) + coalesce(idx_scan, 0))::text AS n FROM pg_stat_user_tables WHERE relname = 'saga' AND schemaname = 'public'`,
    );
    return Number(rows[0]!.n);
  }

  async function committedTransactions(): Promise<number> {
    await admin.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await admin.query<{ n: string }>('SELECT xact_commit::text AS n FROM pg_stat_database WHERE datname = $1', [infra.databaseName]);
    return Number(rows[0]!.n);
  }

  it('answers POST with Prefer: wait=10 with the COMPLETED or COMPENSATED saga the other replica finished', async () => {
    // Only the finisher consumes replies: the waiter's replica cannot have applied any.
    await eventually(async () => ((await replyConsumers()) === 1 ? true : undefined), { what: 'one consumer on saga.replies' });

    const began = Date.now();
    const [happy, refused] = await Promise.all([
      start(waiter.baseUrl, orderInput(), { prefer: 'wait=10' }),
      start(waiter.baseUrl, Refusals.shipping(), { prefer: 'wait=10' }),
    ]);
    expect(Date.now() - began).toBeLessThan(10_000);
    expect([happy.status, happy.headers.get('preference-applied'), happy.body.status]).toEqual([200, 'wait=10', 'COMPLETED']);
    expect(happy.headers.get('location')).toBe(`/v1/sagas/${happy.body.id}`);
    expect([refused.status, refused.body.status]).toEqual([200, 'COMPENSATED']);
    expect(refused.body.steps.map((s: any) => s.status)).toEqual(['COMPENSATED', 'COMPENSATED', 'FAILED']);
    expect(await replyConsumers()).toBe(1);
  });

  it('waits with an Idempotency-Key too: the repeat answers with the settled saga at once', async () => {
    const headers = { prefer: 'wait=10', 'idempotency-key': `wait-${Date.now()}` };
    const input = orderInput();
    const first = await start(waiter.baseUrl, input, headers);
    const again = await start(waiter.baseUrl, input, headers);
    expect([first.status, first.body.status]).toEqual([200, 'COMPLETED']);
    expect([again.status, again.body.id, again.body.status]).toEqual([200, first.body.id, 'COMPLETED']);
  });

  it('answers as today when the wait is over, grants at most WAIT_MAX_SECONDS, and ignores a wait that is not delta-seconds', async () => {
    const shipping = participants.find((p) => p.name === 'shipping')!;
    await shipping.stop();
    try {
      const began = Date.now();
      const stuck = await start(waiter.baseUrl, orderInput(), { prefer: 'wait=1' });
      expect(Date.now() - began).toBeGreaterThanOrEqual(1_000);
      expect([stuck.status, stuck.headers.get('preference-applied'), stuck.body.status]).toEqual([202, 'wait=1', 'RUNNING']);

      const capped = await read(waiter.baseUrl, stuck.body.id, 'wait=0, respond-async');
      expect([capped.status, capped.headers.get('preference-applied')]).toEqual([200, null]);
      const ignored = await read(waiter.baseUrl, stuck.body.id, 'wait=soon');
      expect([ignored.status, ignored.headers.get('preference-applied'), ignored.body.status]).toEqual([200, null, 'RUNNING']);
    } finally {
      participants = participants.map((p) =>
        p === shipping ? startService('shipping', { DATABASE_URL: infra.databaseUrl, RABBITMQ_URL: infra.rabbitmqUrl }) : p,
      );
    }
  });

  it('holds 500 concurrent waiters without polling: one read each however long they wait, all woken when the other replica completes their sagas', async () => {
    // 100 sagas that wait for a signal: nothing happens to them until it comes.
    const started = await Promise.all(Array.from({ length: 100 }, () => start(finisher.baseUrl, {}, {}, approval.name)));
    expect(started.every((s) => s.status === 202)).toBe(true);
    const ids = started.map((s) => s.body.id as string);
    await new Promise((r) => setTimeout(r, 2_000));
    const [scansBefore, commitsBefore] = [await sagaTableScans(), await committedTransactions()];
    let answered = 0;
    const waits = ids.flatMap((id) =>
      Array.from({ length: 5 }, () =>
        read(waiter.baseUrl, id, 'wait=40').then((r) => {
          answered += 1;
          return r;
        }),
      ),
    );
    // Each waiter reads its saga once right after subscribing (two scans of the saga table: the row, its children), then
    // nothing until it is woken: what they cost does not grow with how long they wait. Polling would.
    const waitedMs = 15_000;
    await new Promise((r) => setTimeout(r, waitedMs));
    const [scans, commits] = [(await sagaTableScans()) - scansBefore, (await committedTransactions()) - commitsBefore];
    expect(answered).toBe(0);
    const pollingWouldRead = 500 * (waitedMs / 100);
    console.log(
      `500 waiters for ${waitedMs} ms: ${scans} scans of the saga table (one read of two scans per waiter on subscribing: 1000), ` +
        `${commits} transactions committed in the coordinator database by everything (relay and timer polls of both replicas, ` +
        `the participants); polling every 100 ms would read ${pollingWouldRead} times (${2 * pollingWouldRead} scans)`,
    );
    // Fewer than two reads per waiter in all (the background reads the table a little too); one poll each would double it.
    expect(scans).toBeLessThan(2 * 1000);

    // The finisher completes them: each signal commits a settling transaction there.
    const signalled = await Promise.all(ids.map((id) => fetch(`${finisher.baseUrl}/v1/sagas/${id}/signals/approved`, { method: 'POST' })));
    expect(signalled.every((r) => r.status === 202)).toBe(true);
    const outcomes = await Promise.all(waits);
    expect(outcomes.filter((o) => o.status !== 200 || o.body.status !== 'COMPLETED' || o.headers.get('preference-applied') !== 'wait=40')).toEqual(
      [],
    );
  }, 120_000);
});
