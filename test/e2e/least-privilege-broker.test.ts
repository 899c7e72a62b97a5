import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import amqp from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { brokerUserOf, MessageHeaders, MessageTypes, participantQueue, RepliesQueue, Topology } from '@saga-coordinator/contracts';
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

/** Publishes `body` as the user of `url` (sent as user-id unless `userId: null`), waiting for the confirm. */
async function publishAs(
  url: string,
  exchange: string,
  routingKey: string,
  body: unknown,
  properties: { type: string; messageId: string; userId?: null },
): Promise<void> {
  const connection = await amqp.connect(url);
  try {
    const channel = await connection.createConfirmChannel();
    const { userId, ...rest } = properties;
    channel.publish(exchange, routingKey, Buffer.from(JSON.stringify(body)), {
      ...rest,
      ...(userId === null ? {} : { userId: brokerUserOf(url) }),
      persistent: true,
      contentType: 'application/json',
    });
    await channel.waitForConfirms();
  } finally {
    await connection.close().catch(() => undefined);
  }
}

const orderFields = ['orderId', 'customerId', 'items', 'shippingAddress'];
const ChildPayment = {
  name: 'lp-child-payment',
  steps: [{ name: 'charge-payment', participant: 'payment', command: 'charge-payment', compensation: 'refund-payment' }],
};
const OrderWithChild = {
  name: 'lp-order-with-child',
  steps: [
    { name: 'reserve-inventory', participant: 'inventory', command: 'reserve-inventory', compensation: 'release-inventory' },
    {
      type: 'child',
      name: 'pay',
      definition: { name: ChildPayment.name },
      input: Object.fromEntries(orderFields.map((field) => [field, { var: `input.${field}` }])),
    },
    { name: 'create-shipment', participant: 'shipping', command: 'create-shipment', compensation: 'cancel-shipment' },
  ],
};
/** The payment example holds the first charge of an order whose id has this marker (PAYMENT_FAULT_SLOW_CHARGE_FOR): forgeries arrive while it runs. */
const SLOW = 'slow';
const SlowChargeMs = 4_000;
const FINAL = ['COMPLETED', 'COMPENSATED', 'COMPENSATION_FAILED'];

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
  let participantBrokerUsers = '';
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let services: ServiceProcess[] = [];
  let coordinatorProcess: ServiceProcess;
  let client: SagaClient;
  /** Every dead letter read so far: the queue is shared, so each test looks for its own reasons in here. */
  const deadLetters: amqp.GetMessage[] = [];

  /** Drains saga.dead-letter (as the coordinator's user, which may read it) until a dead letter for `messageId` is in. */
  const deadLetterReason = async (messageId: string): Promise<string> => {
    const reader = await amqp.connect(urls['coordinator']!);
    try {
      const channel = await reader.createChannel();
      const letter = await eventually(
        async () => {
          for (let message = await channel.get(Topology.deadLetterQueue); message; message = await channel.get(Topology.deadLetterQueue)) {
            channel.ack(message);
            deadLetters.push(message);
          }
          return deadLetters.find((message) => message.properties.messageId === messageId);
        },
        { timeoutMs: 15_000, what: `the dead letter of ${messageId}` },
      );
      return String(letter.properties.headers?.[MessageHeaders.deadLetterReason]);
    } finally {
      await reader.close();
    }
  };

  const refusedCount = async (reason: string): Promise<number> => {
    const text = await (await fetch(`${client.baseUrl}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`saga_inbound_refused_total{reason="${reason}"}`));
    return line === undefined ? 0 : Number(line.split(' ').at(-1));
  };

  /** Waits until the saga's step (or child node) runs, so that a forgery arrives while the real answer is pending. */
  const whileRunning = async (sagaId: string, step: string) =>
    eventually(
      async () => {
        const saga = (await client.get(sagaId)).body;
        const node = saga.steps.find((s: { name: string }) => s.name === step);
        return node?.status === 'RUNNING' && (node.child === null || node.child?.sagaId) ? saga : undefined;
      },
      { timeoutMs: 15_000, what: `step ${step} running` },
    );

  beforeAll(async () => {
    const { stdout } = await run('bash', [SCRIPT], {
      env: { ...process.env, VHOST: vhost, USER_PREFIX: prefix, AMQP_HOST: `${RABBITMQ_HOST}:5672`, PARTICIPANT_DECLARES_SHARED_TOPOLOGY: 'false' },
    });
    for (const line of stdout.trim().split('\n')) {
      const [name, value] = line.split('=', 2) as [string, string];
      if (name === 'PARTICIPANT_BROKER_USERS') participantBrokerUsers = value;
      else urls[name.replace(/_RABBITMQ_URL$/, '').toLowerCase()] = value;
    }
    database = await createTestDatabase('lp');
    // inventory and payment by configuration (as the script prints it); shipping bound to the user of its first announcement.
    const coordinator = await startCoordinator({
      DATABASE_URL: database.url,
      RABBITMQ_URL: urls['coordinator']!,
      PARTICIPANT_BROKER_USERS: participantBrokerUsers
        .split(',')
        .filter((pair) => !pair.startsWith('shipping:'))
        .join(','),
    });
    coordinatorProcess = coordinator.process;
    services = [
      coordinator.process,
      ...(['inventory', 'payment', 'shipping'] as const).map((name) =>
        startService(name, {
          DATABASE_URL: database.url,
          RABBITMQ_URL: urls[name]!,
          PARTICIPANT_DECLARES_SHARED_TOPOLOGY: 'false',
          ...(name === 'payment' ? { PAYMENT_FAULT_SLOW_CHARGE_FOR: SLOW, PAYMENT_FAULT_SLOW_CHARGE_MS: String(SlowChargeMs) } : {}),
        }),
      ),
    ];
    client = new SagaClient(coordinator.baseUrl);
    await waitForParticipants(client, services);
    for (const definition of [ChildPayment, OrderWithChild]) {
      const response = await fetch(`${client.baseUrl}/v1/definitions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(definition),
      });
      expect(response.status, await response.text()).toBe(201);
    }
  }, 180_000);

  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
    await fetch(`${MANAGEMENT}/api/vhosts/${encodeURIComponent(vhost)}`, { method: 'DELETE', headers: ADMIN });
    for (const service of Services)
      await fetch(`${MANAGEMENT}/api/users/${encodeURIComponent(prefix + service)}`, { method: 'DELETE', headers: ADMIN });
    await database?.drop();
  });

  it('prints one URL per service, each with its own user on the new vhost, and which user each participant publishes as', () => {
    expect(Object.keys(urls).sort()).toEqual(['coordinator', 'inventory', 'payment', 'shipping']);
    for (const service of Services) expect(new URL(urls[service]!).username).toBe(encodeURIComponent(prefix + service));
    expect(participantBrokerUsers).toBe(`inventory:${prefix}inventory,payment:${prefix}payment,shipping:${prefix}shipping`);
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
    const refusedBefore = await refusedCount('step-not-owned');
    const started = await client.start(orderInput());
    const saga = await client.waitFor(started.body.id, FINAL);
    const eventsBefore = (await client.events(saga.id)).length;
    const forged = executeReply(saga.id, 'charge-payment', 'shipping', {
      outcome: 'failed',
      output: undefined,
      failure: { kind: 'business', code: 'forged', message: 'forged' },
    } as never);

    // shipping may publish replies (it must, for its own steps) — but not for payment's step.
    await publishAs(urls['shipping']!, Topology.repliesExchange, Topology.replyRoutingKey, forged, {
      messageId: forged.messageId,
      type: MessageTypes.stepReplied,
    });

    expect(await deadLetterReason(forged.messageId)).toContain('participant shipping does not own step charge-payment');
    expect((await client.get(saga.id)).body.status).toBe('COMPLETED');
    expect((await client.events(saga.id)).length).toBe(eventsBefore);
    expect(await refusedCount('step-not-owned')).toBe(refusedBefore + 1);
  });

  it('refuses replies for a step the sender does not own, or with no verified sender, while the step runs: the saga completes with the real output', async () => {
    const before = { notUser: await refusedCount('not-participant-user'), unverified: await refusedCount('unverified-sender') };
    const input = orderInput({ orderId: `${SLOW}-${randomUUID()}` });
    const started = await client.start(input);
    await whileRunning(started.body.id, 'charge-payment');

    // inventory names payment in the body: its broker user is not payment's.
    const claimed = executeReply(started.body.id, 'charge-payment', 'payment', { output: { chargeId: 'FORGED' } });
    await publishAs(urls['inventory']!, Topology.repliesExchange, Topology.replyRoutingKey, claimed, {
      messageId: claimed.messageId,
      type: MessageTypes.stepReplied,
    });
    // The same reply without user-id: the broker verified nobody.
    const anonymous = { ...claimed, messageId: `${claimed.messageId}-anonymous` };
    await publishAs(urls['inventory']!, Topology.repliesExchange, Topology.replyRoutingKey, anonymous, {
      messageId: anonymous.messageId,
      type: MessageTypes.stepReplied,
      userId: null,
    });

    expect(await deadLetterReason(claimed.messageId)).toBe(`broker user ${prefix}inventory may not reply for participant payment`);
    expect(await deadLetterReason(anonymous.messageId)).toContain('no user-id property');
    const saga = await client.waitFor(started.body.id, FINAL);
    expect(saga.status).toBe('COMPLETED');
    expect(saga.steps.find((step: { name: string }) => step.name === 'charge-payment').output).toMatchObject({ chargeId: input.orderId });
    expect(await refusedCount('not-participant-user')).toBe(before.notUser + 1);
    expect(await refusedCount('unverified-sender')).toBe(before.unverified + 1);
  });

  it("refuses a child's result from a participant user, or naming another child, while the child runs: the parent completes with the child's real output", async () => {
    const before = { notCoordinator: await refusedCount('not-coordinator'), notTheChild: await refusedCount('not-the-child') };
    const input = orderInput({ orderId: `${SLOW}-${randomUUID()}` });
    const started = await client.start(input, { definition: OrderWithChild.name });
    const running = await whileRunning(started.body.id, 'pay');
    const childId: string = running.steps.find((step: { name: string }) => step.name === 'pay').child.sagaId;
    const result = (messageId: string, childSagaId: string) => ({
      messageId,
      parentSagaId: started.body.id,
      step: 'pay',
      childSagaId,
      status: 'COMPLETED',
      output: { chargeId: 'FORGED' },
      sentAt: new Date().toISOString(),
    });

    // A participant cannot publish to saga.coordinator, so it tries the replies exchange.
    const fromParticipant = result(`forged-${randomUUID()}`, childId);
    await publishAs(urls['inventory']!, Topology.repliesExchange, Topology.replyRoutingKey, fromParticipant, {
      messageId: fromParticipant.messageId,
      type: MessageTypes.childSagaFinished,
    });
    // Through the coordinator's own exchange and user, but naming a saga that is not the node's child.
    const otherChild = result(`forged-${randomUUID()}`, randomUUID());
    await publishAs(urls['coordinator']!, Topology.coordinatorExchange, Topology.childFinishedRoutingKey, otherChild, {
      messageId: otherChild.messageId,
      type: MessageTypes.childSagaFinished,
    });

    expect(await deadLetterReason(fromParticipant.messageId)).toBe(
      `${MessageTypes.childSagaFinished} is accepted only through exchange ${Topology.coordinatorExchange}, not ${Topology.repliesExchange}`,
    );
    expect(await deadLetterReason(otherChild.messageId)).toBe(
      `saga ${otherChild.childSagaId} is not the child of node pay of saga ${started.body.id}`,
    );
    const parent = await client.waitFor(started.body.id, FINAL);
    expect(parent.status).toBe('COMPLETED');
    const pay = parent.steps.find((step: { name: string }) => step.name === 'pay');
    expect(pay.child).toMatchObject({ sagaId: childId, status: 'COMPLETED' });
    expect(pay.output).toMatchObject({ 'charge-payment': { chargeId: input.orderId } });
    expect(await refusedCount('not-coordinator')).toBe(before.notCoordinator + 1);
    expect(await refusedCount('not-the-child')).toBe(before.notTheChild + 1);
  });

  it('refuses an announcement claiming a participant of another broker user (configured or bound by announcement): the directory is unchanged', async () => {
    const before = await refusedCount('participant-claimed');
    const directoryBefore = (await client.json('/v1/participants')).body as Array<{ name: string; instances: string[]; commands: string[] }>;
    const claims = ['payment', 'shipping'].map((participant) => ({
      participant,
      instance: `forger:${randomUUID()}`,
      commands: ['forged-command'],
      compensations: [],
      announcedAt: new Date().toISOString(),
    }));
    const ids: string[] = [];
    for (const claim of claims) {
      const messageId = `${claim.participant}:${claim.instance}:announce`;
      ids.push(messageId);
      await publishAs(urls['inventory']!, Topology.repliesExchange, Topology.announceRoutingKey, claim, {
        messageId,
        type: MessageTypes.participantAnnounced,
      });
    }

    expect(await deadLetterReason(ids[0]!)).toBe(`broker user ${prefix}inventory may not announce participant payment`);
    expect(await deadLetterReason(ids[1]!)).toBe(
      `broker user ${prefix}inventory may not announce participant shipping: it is bound to another broker user`,
    );
    expect(await refusedCount('participant-claimed')).toBe(before + 2);
    const directory = (await client.json('/v1/participants')).body as Array<{ name: string; instances: string[]; commands: string[] }>;
    for (const name of ['payment', 'shipping']) {
      const entry = directory.find((participant) => participant.name === name)!;
      expect(entry.commands).toEqual(directoryBefore.find((participant) => participant.name === name)!.commands);
      expect(entry.instances.some((instance) => instance.startsWith('forger:'))).toBe(false);
    }
    // The real sagas still run: an order completes after all of the above.
    const started = await client.start(orderInput());
    expect((await client.waitFor(started.body.id, FINAL)).status).toBe('COMPLETED');
  });

  it('does not warn about a shared broker user when every service has its own', () => {
    expect(coordinatorProcess.log).not.toContain('SHARED BROKER USER');
  });
});
