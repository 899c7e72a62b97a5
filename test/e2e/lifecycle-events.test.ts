import amqp, { type Channel, type ChannelModel, type GetMessage } from 'amqplib';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SagaStatusChanged, Topology } from '@saga-coordinator/contracts';
import { CrashPoints } from '../../src/fault-injection/crash-point-name.js';
import { orderInput, Refusals } from '../support/order-fixtures.js';
import { startExampleParticipants, waitForParticipants } from '../support/order-system.js';
import { SagaClient } from '../support/saga-client.js';
import { startCoordinator, type ServiceProcess } from '../support/service-processes.js';
import { createTestInfrastructure, eventually, type TestInfrastructure } from '../support/test-infrastructure.js';

const Settled = ['COMPLETED', 'COMPENSATED', 'COMPENSATION_FAILED'];

/**
 * Lifecycle events as a subscribing service sees them: a queue of its own bound to
 * `order.compensated` on `saga.events`, fed by the coordinator's outbox, also across a crash
 * between a commit and its publish.
 */
describe('saga lifecycle events on the broker', () => {
  let infra: TestInfrastructure;
  let coordinator: { process: ServiceProcess; baseUrl: string };
  let participants: ServiceProcess[];
  let broker: ChannelModel;
  let channel: Channel;
  let db: pg.Client;
  let queue: string;
  const env = () => ({ DATABASE_URL: infra.databaseUrl, RABBITMQ_URL: infra.rabbitmqUrl, OUTBOX_POLL_INTERVAL_MS: '500' });

  beforeAll(async () => {
    infra = await createTestInfrastructure('e2e_events');
    coordinator = await startCoordinator(env());
    participants = startExampleParticipants({ DATABASE_URL: infra.databaseUrl, RABBITMQ_URL: infra.rabbitmqUrl });
    await waitForParticipants(new SagaClient(coordinator.baseUrl), [coordinator.process, ...participants]);
    broker = await amqp.connect(infra.rabbitmqUrl);
    channel = await broker.createChannel();
    // A subscriber's own durable queue: it outlives the coordinator's restarts.
    queue = (await channel.assertQueue('billing.compensated-orders', { durable: true })).queue;
    await channel.bindQueue(queue, Topology.eventsExchange, 'order.compensated');
    db = new pg.Client({ connectionString: infra.databaseUrl });
    await db.connect();
  }, 120_000);

  afterAll(async () => {
    await db?.end();
    await broker?.close();
    await Promise.all([coordinator?.process.stop(), ...(participants ?? []).map((p) => p.stop())]);
    await infra?.dispose();
  });

  async function drain(): Promise<GetMessage[]> {
    const received: GetMessage[] = [];
    for (let m = await channel.get(queue, { noAck: true }); m; m = await channel.get(queue, { noAck: true })) received.push(m);
    return received;
  }

  const bodyOf = (message: GetMessage) => SagaStatusChanged.parse(JSON.parse(message.content.toString()));

  it('delivers to a queue bound to order.compensated exactly the compensated sagas of a mixed run', async () => {
    const client = new SagaClient(coordinator.baseUrl);
    const kinds = Array.from({ length: 24 }, (_, i) => (['ok', 'inventory', 'ok', 'payment', 'shipping', 'ok'] as const)[i % 6]!);
    const started = await Promise.all(kinds.map((kind) => client.start(kind === 'ok' ? orderInput() : Refusals[kind]())));
    const finals = await Promise.all(started.map((s) => client.waitFor(s.body.id, Settled, 60_000)));
    const compensated = finals.filter((saga) => saga.status === 'COMPENSATED').map((saga) => saga.id as string);
    expect(compensated).toHaveLength(kinds.filter((kind) => kind !== 'ok').length);

    const received: GetMessage[] = [];
    await eventually(
      async () => {
        received.push(...(await drain()));
        return new Set(received.map((m) => bodyOf(m).sagaId)).size >= compensated.length ? true : undefined;
      },
      { what: 'an order.compensated event per compensated saga' },
    );
    await new Promise((r) => setTimeout(r, 1_000));
    received.push(...(await drain()));
    const events = received.map(bodyOf);
    expect(new Set(events.map((e) => e.sagaId))).toEqual(new Set(compensated));
    expect(events.every((e) => e.event === 'compensated' && e.status === 'COMPENSATED' && e.definition === 'order')).toBe(true);
    // At least once: a republish would carry the same id, so a subscriber dedupes by it.
    expect(new Set(events.map((e) => e.eventId)).size).toBe(compensated.length);
    expect(received.every((m) => m.properties.messageId === bodyOf(m).eventId && m.properties.type === 'saga.StatusChanged')).toBe(true);
  }, 120_000);

  it('publishes an event committed just before the coordinator was SIGKILLed once a coordinator runs again', async () => {
    await coordinator.process.stop();
    // The fifth reply with outbox rows of one AQ order is the last compensation's: its commit writes `compensated`.
    const crashing = await startCoordinator(
      { ...env(), SAGA_CRASH_POINT: CrashPoints.replyAfterCommitBeforePublish, SAGA_CRASH_POINT_HIT: '5' },
      'crashing',
    );
    const { body } = await new SagaClient(crashing.baseUrl).start(Refusals.shipping());
    const exit = await crashing.process.exited();
    expect(exit.signal).toBe('SIGKILL');
    expect(crashing.process.log).toContain(`CRASH POINT ${CrashPoints.replyAfterCommitBeforePublish} hit 5`);

    // Committed with the status, never published: the row waits in the outbox, the subscriber has nothing.
    const { rows } = await db.query(
      `SELECT s.status, o.sent_at FROM saga s JOIN outbox_message o ON o.correlation_id = s.id::text AND o.routing_key = 'order.compensated' WHERE s.id = $1`,
      [body.id],
    );
    expect(rows).toEqual([{ status: 'COMPENSATED', sent_at: null }]);
    expect(await drain()).toEqual([]);

    coordinator = await startCoordinator(env(), 'restarted');
    const [event] = await eventually(async () => {
      const received = await drain();
      return received.length > 0 ? received.map(bodyOf) : undefined;
    });
    expect(event).toMatchObject({ sagaId: body.id, event: 'compensated', previousStatus: 'COMPENSATING', definition: 'order' });
  }, 120_000);
});
