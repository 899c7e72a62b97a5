import { Test } from '@nestjs/testing';
import type { INestApplication } from '@nestjs/common';
import amqp, { type Channel, type ChannelModel, type GetMessage } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAppConfig } from '../../../src/config/app-config.js';
import { AppConfigModule } from '../../../src/config/app-config.module.js';
import { brokerUserOf, MessageHeaders, MessageTypes, SagaStatusChanged, type StepReplyMessage, Topology } from '@saga-coordinator/contracts';
import { ObservabilityModule } from '../../../src/observability/observability.module.js';
import { MessagingModule } from '../../../src/messaging/messaging.module.js';
import { OrchestrationModule } from '../../../src/orchestration/orchestration.module.js';
import { SagaService } from '../../../src/orchestration/sagas/saga.service.js';
import { PersistenceModule } from '../../../src/persistence/persistence.module.js';
import { executeReply } from '../orchestration/support/replies.js';
import { twoStepDefinition } from '../orchestration/support/two-step.definition.js';
import { createTestInfrastructure, eventually, type TestInfrastructure } from '../../support/test-infrastructure.js';

/**
 * Lifecycle events on a real broker: every saga status change reaches `saga.events` with
 * routing key `<definition>.<event>`, in order, with the contract's properties.
 */
describe('saga lifecycle events', () => {
  let infra: TestInfrastructure;
  let app: INestApplication;
  let sagas: SagaService;
  let broker: ChannelModel;
  let channel: Channel;

  beforeAll(async () => {
    infra = await createTestInfrastructure('events');
    const config = loadAppConfig({
      DATABASE_URL: infra.databaseUrl,
      RABBITMQ_URL: infra.rabbitmqUrl,
      OUTBOX_POLL_INTERVAL_MS: '200',
      TIMER_POLL_INTERVAL_MS: '60000',
    });
    const moduleRef = await Test.createTestingModule({
      imports: [
        AppConfigModule.forRoot(config),
        ObservabilityModule.forRoot(),
        PersistenceModule.forRoot(),
        OrchestrationModule.forRoot({ initialDefinitions: [twoStepDefinition] }),
        MessagingModule,
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: ['error'] });
    await app.init();
    sagas = app.get(SagaService);
    broker = await amqp.connect(infra.rabbitmqUrl);
    channel = await broker.createChannel();
  });

  afterAll(async () => {
    await broker?.close();
    await app?.close();
    await infra?.dispose();
  });

  async function queueBoundTo(pattern: string): Promise<string> {
    const { queue } = await channel.assertQueue('', { exclusive: true });
    await channel.bindQueue(queue, Topology.eventsExchange, pattern);
    return queue;
  }

  /** Drains `queue` until `count` messages arrived (and a short quiet moment showed no more). */
  async function drain(queue: string, count: number): Promise<GetMessage[]> {
    const received: GetMessage[] = [];
    await eventually(
      async () => {
        for (let m = await channel.get(queue, { noAck: true }); m; m = await channel.get(queue, { noAck: true })) received.push(m);
        return received.length >= count ? true : undefined;
      },
      { what: `${count} event(s) on ${queue}` },
    );
    await new Promise((r) => setTimeout(r, 300));
    for (let m = await channel.get(queue, { noAck: true }); m; m = await channel.get(queue, { noAck: true })) received.push(m);
    return received;
  }

  const body = (message: GetMessage) => SagaStatusChanged.parse(JSON.parse(message.content.toString()));

  function reply(message: StepReplyMessage): void {
    channel.publish(Topology.repliesExchange, Topology.replyRoutingKey, Buffer.from(JSON.stringify(message)), {
      messageId: message.messageId,
      type: MessageTypes.stepReplied,
      persistent: true,
      // The broker user of this connection: the coordinator accepts replies only from a verified sender.
      userId: brokerUserOf(infra.rabbitmqUrl),
    });
  }

  const statusOf = async (id: string, status: string) => ((await sagas.get(id)).status === status ? true : undefined);

  it('publishes started then completed, persistent, with the contract properties', async () => {
    const queue = await queueBoundTo('two-step.#');
    const { saga } = await sagas.start({ definition: 'two-step', input: { orderId: 'e-1', amount: 5 } });
    reply(executeReply(saga.id, 'reserve', 'stock'));
    await eventually(async () => ((await sagas.get(saga.id)).steps[1]?.status === 'RUNNING' ? true : undefined));
    reply(executeReply(saga.id, 'charge', 'bank'));
    await eventually(() => statusOf(saga.id, 'COMPLETED'));

    const messages = await drain(queue, 2);
    expect(messages.map((m) => [m.fields.routingKey, body(m).event, body(m).previousStatus, body(m).status])).toEqual([
      ['two-step.started', 'started', null, 'RUNNING'],
      ['two-step.completed', 'completed', 'RUNNING', 'COMPLETED'],
    ]);
    const [started, completed] = messages;
    expect(started!.properties).toMatchObject({
      messageId: `${saga.id}:started`,
      type: MessageTypes.sagaStatusChanged,
      contentType: 'application/json',
      deliveryMode: 2,
      correlationId: saga.id,
    });
    expect(started!.properties.headers?.[MessageHeaders.protocolVersion]).toEqual(expect.any(Number));
    expect(body(completed!)).toMatchObject({
      eventId: completed!.properties.messageId,
      sagaId: saga.id,
      definition: 'two-step',
      definitionVersion: 1,
    });
  });

  it('routes compensating and compensated with the failure, and only the compensated ones to `*.compensated`', async () => {
    const all = await queueBoundTo('two-step.#');
    const compensatedOnly = await queueBoundTo('two-step.compensated');
    const { saga } = await sagas.start({ definition: 'two-step', input: { orderId: 'e-2', amount: 5 } });
    reply(executeReply(saga.id, 'reserve', 'stock'));
    await eventually(async () => ((await sagas.get(saga.id)).steps[1]?.status === 'RUNNING' ? true : undefined));
    reply(executeReply(saga.id, 'charge', 'bank', { outcome: 'failed', output: undefined, failure: { code: 'card-declined', message: 'declined' } }));
    await eventually(() => statusOf(saga.id, 'COMPENSATING'));
    const compensate = executeReply(saga.id, 'reserve', 'stock', { kind: 'compensate', outcome: 'compensated', output: undefined });
    reply({ ...compensate, messageId: `${saga.id}:reserve:compensate:1:reply`, inReplyTo: `${saga.id}:reserve:compensate:1` });
    await eventually(() => statusOf(saga.id, 'COMPENSATED'));

    const events = (await drain(all, 3)).map(body);
    expect(events.map((e) => [e.event, e.status])).toEqual([
      ['started', 'RUNNING'],
      ['compensating', 'COMPENSATING'],
      ['compensated', 'COMPENSATED'],
    ]);
    expect(events[1]!.failure).toEqual({ code: 'card-declined', message: 'declined' });
    expect((await drain(compensatedOnly, 1)).map((m) => body(m).sagaId)).toEqual([saga.id]);
  });

  it('names an operator cancel `cancelled`', async () => {
    const queue = await queueBoundTo('#.cancelled');
    const { saga } = await sagas.start({ definition: 'two-step', input: { orderId: 'e-3', amount: 5 } });
    await sagas.cancel(saga.id, { reason: 'customer changed their mind' });

    const [cancelled, ...more] = (await drain(queue, 1)).map(body);
    expect(more).toEqual([]);
    expect(cancelled).toMatchObject({ sagaId: saga.id, event: 'cancelled', status: 'COMPENSATING', previousStatus: 'RUNNING' });
  });
});
