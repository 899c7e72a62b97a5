import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import amqp from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageHeaders, MessageTypes, participantQueue, RepliesQueue, Topology } from '@saga-coordinator/contracts';
import { executeReply } from '../integration/orchestration/support/replies.js';
import { orderInput, Refusals } from '../support/order-fixtures.js';
import { waitForParticipants } from '../support/order-system.js';
import { SagaClient } from '../support/saga-client.js';
import { startCoordinator, startService, type ServiceProcess } from '../support/service-processes.js';
import { createTestDatabase, eventually, RABBITMQ_HOST, uniqueName } from '../support/test-infrastructure.js';

const run = promisify(execFile);
const SCRIPT = resolve(import.meta.dirname, '../../scripts/rabbitmq-least-privilege.sh');
const MANAGEMENT = process.env.TEST_RABBITMQ_MANAGEMENT_URL ?? `http://${RABBITMQ_HOST}:15672`;
const ADMIN = { authorization: 'Basic ' + Buffer.from('guest:guest').toString('base64') };
const Services = ['coordinator', 'inventory', 'payment', 'shipping'] as const;

/** What a broker operation refused by permissions looks like from amqplib. */
const ACCESS_REFUSED = /ACCESS_REFUSED|403/;

/** Runs `work` on a fresh channel and returns the channel error the broker closed it with (or undefined). */
async function channelError(url: string, work: (channel: amqp.Channel) => Promise<unknown>): Promise<string | undefined> {
  const connection = await amqp.connect(url);
  try {
    const channel = await connection.createChannel();
    const closed = new Promise<string>((resolveClosed) => channel.on('error', (error: Error) => resolveClosed(error.message)));
    const outcome = await Promise.race([
      work(channel).then(
        () => new Promise<undefined>((r) => setTimeout(() => r(undefined), 500)),
        (error: Error) => error.message,
      ),
      closed,
    ]);
    return outcome;
  } finally {
    await connection.close().catch(() => undefined);
  }
}

/**
 * The least-privilege RabbitMQ setup (scripts/rabbitmq-least-privilege.sh) run here, on a vhost
 * of its own: the coordinator and the three example participants, each with its own user, run
 * order sagas to the end; what each user must not do, the broker refuses; and a reply one
 * participant forges for a step it does not own is dead-lettered by the coordinator.
 */
describe('least-privilege broker users', () => {
  const vhost = uniqueName('lp');
  const prefix = `${vhost}-`;
  const urls: Record<string, string> = {};
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let services: ServiceProcess[] = [];
  let client: SagaClient;

  beforeAll(async () => {
    const { stdout } = await run('bash', [SCRIPT], {
      env: { ...process.env, VHOST: vhost, USER_PREFIX: prefix, AMQP_HOST: `${RABBITMQ_HOST}:5672`, PARTICIPANT_DECLARES_SHARED_TOPOLOGY: 'false' },
    });
    for (const line of stdout.trim().split('\n')) {
      const [name, url] = line.split('=', 2) as [string, string];
      urls[name.replace(/_RABBITMQ_URL$/, '').toLowerCase()] = url;
    }
    database = await createTestDatabase('lp');
    const coordinator = await startCoordinator({ DATABASE_URL: database.url, RABBITMQ_URL: urls['coordinator']! });
    services = [
      coordinator.process,
      ...(['inventory', 'payment', 'shipping'] as const).map((name) =>
        startService(name, { DATABASE_URL: database.url, RABBITMQ_URL: urls[name]!, PARTICIPANT_DECLARES_SHARED_TOPOLOGY: 'false' }),
      ),
    ];
    client = new SagaClient(coordinator.baseUrl);
    await waitForParticipants(client, services);
  }, 180_000);

  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
    await fetch(`${MANAGEMENT}/api/vhosts/${encodeURIComponent(vhost)}`, { method: 'DELETE', headers: ADMIN });
    for (const service of Services)
      await fetch(`${MANAGEMENT}/api/users/${encodeURIComponent(prefix + service)}`, { method: 'DELETE', headers: ADMIN });
    await database?.drop();
  });

  it('prints one URL per service, each with its own user on the new vhost', () => {
    expect(Object.keys(urls).sort()).toEqual(['coordinator', 'inventory', 'payment', 'shipping']);
    for (const service of Services) expect(new URL(urls[service]!).username).toBe(encodeURIComponent(prefix + service));
  });

  it('runs order sagas to the end under those users: completed, and compensated after a refusal', async () => {
    const completed = await client.start(orderInput());
    expect((await client.waitFor(completed.body.id, ['COMPLETED', 'COMPENSATED', 'COMPENSATION_FAILED'])).status).toBe('COMPLETED');
    const refused = await client.start(Refusals.shipping());
    expect((await client.waitFor(refused.body.id, ['COMPLETED', 'COMPENSATED', 'COMPENSATION_FAILED'])).status).toBe('COMPENSATED');
  });

  it('refuses a participant that publishes a command or a parent ↔ child saga message, reads another queue or the coordinator replies', async () => {
    const inventory = urls['inventory']!;
    expect(
      await channelError(inventory, async (channel) => channel.publish(Topology.commandsExchange, 'payment.charge-payment', Buffer.from('{}'))),
    ).toMatch(ACCESS_REFUSED);
    expect(await channelError(inventory, (channel) => channel.consume(participantQueue('payment'), () => undefined))).toMatch(ACCESS_REFUSED);
    expect(await channelError(inventory, (channel) => channel.consume(Topology.repliesQueue, () => undefined))).toMatch(ACCESS_REFUSED);
    expect(await channelError(inventory, (channel) => channel.deleteQueue(participantQueue('payment')))).toMatch(ACCESS_REFUSED);
    // Parent ↔ child saga messages travel on the coordinator's own exchange: a participant cannot forge them.
    expect(
      await channelError(inventory, async (channel) =>
        channel.publish(Topology.coordinatorExchange, Topology.childFinishedRoutingKey, Buffer.from('{}')),
      ),
    ).toMatch(ACCESS_REFUSED);
    // Nor lifecycle events: only the coordinator writes saga.events.
    expect(await channelError(inventory, async (channel) => channel.publish(Topology.eventsExchange, 'order.completed', Buffer.from('{}')))).toMatch(
      ACCESS_REFUSED,
    );
  });

  it('gives a participant no say over the shared topology: it cannot declare or delete it, nor read dead letters', async () => {
    const inventory = urls['inventory']!;
    expect(await channelError(inventory, (channel) => channel.assertQueue(RepliesQueue.name, RepliesQueue.options))).toMatch(ACCESS_REFUSED);
    expect(await channelError(inventory, (channel) => channel.deleteExchange(Topology.repliesExchange))).toMatch(ACCESS_REFUSED);
    expect(await channelError(inventory, (channel) => channel.consume(Topology.deadLetterQueue, () => undefined))).toMatch(ACCESS_REFUSED);
  });

  it('refuses the coordinator reading a participant queue, and lets a participant use its own', async () => {
    expect(await channelError(urls['coordinator']!, (channel) => channel.consume(participantQueue('inventory'), () => undefined))).toMatch(
      ACCESS_REFUSED,
    );
    expect(await channelError(urls['shipping']!, (channel) => channel.checkQueue(participantQueue('shipping')))).toBeUndefined();
  });

  it('dead-letters a reply a participant sends for a step it does not own; the saga is not touched', async () => {
    const started = await client.start(orderInput());
    const saga = await client.waitFor(started.body.id, ['COMPLETED', 'COMPENSATED', 'COMPENSATION_FAILED']);
    const eventsBefore = (await client.events(saga.id)).length;
    const forged = executeReply(saga.id, 'charge-payment', 'shipping', {
      outcome: 'failed',
      output: undefined,
      failure: { kind: 'business', code: 'forged', message: 'forged' },
    } as never);

    // shipping may publish replies (it must, for its own steps) — but not for payment's step.
    const connection = await amqp.connect(urls['shipping']!);
    const channel = await connection.createConfirmChannel();
    channel.publish(Topology.repliesExchange, Topology.replyRoutingKey, Buffer.from(JSON.stringify(forged)), {
      messageId: forged.messageId,
      type: MessageTypes.stepReplied,
      persistent: true,
    });
    await channel.waitForConfirms();
    await connection.close();

    // The coordinator's user may read the dead-letter queue (the reason travels in a header).
    const reader = await amqp.connect(urls['coordinator']!);
    try {
      const readChannel = await reader.createChannel();
      const dead = await eventually(
        async () => {
          const message = await readChannel.get(Topology.deadLetterQueue, { noAck: false });
          if (!message) return undefined;
          readChannel.ack(message);
          return String(message.properties.headers?.[MessageHeaders.deadLetterReason]).includes('does not own') ? message : undefined;
        },
        { timeoutMs: 15_000, what: 'the forged reply in the dead-letter queue' },
      );
      expect(String(dead.properties.headers?.[MessageHeaders.deadLetterReason])).toContain('participant shipping does not own step charge-payment');
    } finally {
      await reader.close();
    }
    expect((await client.get(saga.id)).body.status).toBe('COMPLETED');
    expect((await client.events(saga.id)).length).toBe(eventsBefore);
  });
});
