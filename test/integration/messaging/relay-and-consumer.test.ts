import { Test } from '@nestjs/testing';
import type { INestApplication } from '@nestjs/common';
import amqp, { type Channel, type ChannelModel, type GetMessage } from 'amqplib';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAppConfig } from '../../../src/config/app-config.js';
import { AppConfigModule } from '../../../src/config/app-config.module.js';
import { MessageHeaders, MessageTypes, participantTopology, Topology } from '@saga-coordinator/contracts';
import { ObservabilityModule } from '../../../src/observability/observability.module.js';
import { MessagingModule } from '../../../src/messaging/messaging.module.js';
import { OutboxRelay } from '../../../src/messaging/outbox-relay.service.js';
import { OrchestrationModule } from '../../../src/orchestration/orchestration.module.js';
import { SagaService } from '../../../src/orchestration/sagas/saga.service.js';
import { PersistenceModule } from '../../../src/persistence/persistence.module.js';
import { executeReply } from '../orchestration/support/replies.js';
import { sqlClient } from '../orchestration/support/orchestration-test-app.js';
import { twoStepDefinition } from '../orchestration/support/two-step.definition.js';
import { createTestInfrastructure, eventually, type TestInfrastructure } from '../../support/test-infrastructure.js';

/**
 * The coordinator's RabbitMQ side on a real broker and database: the outbox relay publishes
 * with confirms and marks rows sent only once confirmed; the reply consumer acks after commit,
 * dedupes redeliveries and dead-letters what it cannot read.
 */
describe('outbox relay and reply consumer', () => {
  let infra: TestInfrastructure;
  let app: INestApplication;
  let sagas: SagaService;
  let sql: pg.Client;
  let broker: ChannelModel;
  let channel: Channel;

  beforeAll(async () => {
    infra = await createTestInfrastructure('messaging');
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
    sql = await sqlClient(infra.databaseUrl);
    broker = await amqp.connect(infra.rabbitmqUrl);
    channel = await broker.createChannel();
  });

  afterAll(async () => {
    await broker?.close();
    await sql?.end();
    await app?.close();
    await infra?.dispose();
  });

  // The participant of the two-step definition's first step.
  const firstParticipant = 'stock';

  async function bindParticipantQueue(): Promise<string> {
    const { queue, binding } = participantTopology(firstParticipant);
    await channel.assertQueue(queue.name, queue.options);
    await channel.bindQueue(binding.queue, binding.exchange, binding.pattern);
    return queue.name;
  }

  async function nextMessage(queue: string): Promise<GetMessage> {
    return eventually(async () => (await channel.get(queue, { noAck: true })) || undefined, { what: `a message on ${queue}` });
  }

  // Commands only: the lifecycle events of the same sagas (saga.events) are another test's subject.
  const unsentFor = async (sagaId: string) =>
    (
      await sql.query(`SELECT message_id FROM outbox_message WHERE correlation_id = $1 AND sent_at IS NULL AND exchange <> $2`, [
        sagaId,
        Topology.eventsExchange,
      ])
    ).rows;

  it('keeps an unroutable command in the outbox, then delivers it once a queue is bound', async () => {
    // No participant queue exists yet: the broker returns the mandatory publish.
    const { saga } = await sagas.start({ definition: 'two-step', input: { orderId: 'o-1', amount: 5 } });
    await new Promise((r) => setTimeout(r, 500));
    expect(await unsentFor(saga.id)).toEqual([{ message_id: `${saga.id}:reserve:execute:1` }]);

    const queue = await bindParticipantQueue();
    const message = await nextMessage(queue);
    expect(message.properties.messageId).toBe(`${saga.id}:reserve:execute:1`);
    await eventually(async () => ((await unsentFor(saga.id)).length === 0 ? true : undefined), { what: 'the row marked sent' });
  });

  it('publishes a persistent command right after commit and marks it sent after the confirm', async () => {
    const queue = await bindParticipantQueue();
    await channel.purgeQueue(queue);
    const { saga } = await sagas.start({ definition: 'two-step', input: { orderId: 'o-2', amount: 5 } });

    const message = await nextMessage(queue);
    expect(message.properties).toMatchObject({
      messageId: `${saga.id}:reserve:execute:1`,
      correlationId: saga.id,
      type: MessageTypes.executeStep,
      deliveryMode: 2,
      contentType: 'application/json',
    });
    expect(message.properties.headers?.[MessageHeaders.sagaId]).toBe(saga.id);
    expect(JSON.parse(message.content.toString())).toMatchObject({ sagaId: saga.id, step: 'reserve', kind: 'execute', attempt: 1 });
    await eventually(async () => ((await unsentFor(saga.id)).length === 0 ? true : undefined), { what: 'the row marked sent' });
    // Marked by the fast path's batched mark, before the relay's poll would have taken the row up again.
    const { rows } = await sql.query('SELECT publish_attempts FROM outbox_message WHERE correlation_id = $1 AND exchange = $2', [
      saga.id,
      Topology.commandsExchange,
    ]);
    expect(rows).toEqual([{ publish_attempts: 0 }]);
  });

  it('applies a reply delivered twice only once', async () => {
    const queue = await bindParticipantQueue();
    const { saga } = await sagas.start({ definition: 'two-step', input: { orderId: 'o-3', amount: 5 } });
    await nextMessage(queue);
    const reply = executeReply(saga.id, 'reserve', firstParticipant);
    const publishReply = () =>
      channel.publish(Topology.repliesExchange, Topology.replyRoutingKey, Buffer.from(JSON.stringify(reply)), {
        messageId: reply.messageId,
        type: MessageTypes.stepReplied,
        userId: 'guest',
        persistent: true,
      });
    publishReply();
    publishReply();

    await eventually(async () => ((await sagas.get(saga.id)).steps[0]?.status === 'SUCCEEDED' ? true : undefined));
    await new Promise((r) => setTimeout(r, 300));
    const succeeded = (await sagas.events(saga.id)).filter((e) => e.type === 'StepSucceeded' && e.step === 'reserve');
    expect(succeeded).toHaveLength(1);
    const { rows } = await sql.query(`SELECT count(*)::int AS n FROM inbox_message WHERE message_id = $1`, [reply.messageId]);
    expect(rows[0].n).toBe(1);
  });

  it('dead-letters an unreadable reply with the reason and keeps consuming', async () => {
    const queue = await bindParticipantQueue();
    await channel.purgeQueue(Topology.deadLetterQueue);
    channel.publish(Topology.repliesExchange, Topology.replyRoutingKey, Buffer.from('{"not json'), {
      messageId: 'garbage-1',
      type: MessageTypes.stepReplied,
      userId: 'guest',
    });

    const dead = await nextMessage(Topology.deadLetterQueue);
    expect(dead.properties.messageId).toBe('garbage-1');
    expect(dead.properties.headers?.[MessageHeaders.deadLetterReason]).toBe('body is not valid JSON');
    expect(dead.content.toString()).toBe('{"not json');

    // The consumer is still up: a valid reply right after is applied.
    const { saga } = await sagas.start({ definition: 'two-step', input: { orderId: 'o-4', amount: 5 } });
    await nextMessage(queue);
    const reply = executeReply(saga.id, 'reserve', firstParticipant);
    channel.publish(Topology.repliesExchange, Topology.replyRoutingKey, Buffer.from(JSON.stringify(reply)), {
      messageId: reply.messageId,
      type: MessageTypes.stepReplied,
      userId: 'guest',
    });
    await eventually(async () => ((await sagas.get(saga.id)).steps[0]?.status === 'SUCCEEDED' ? true : undefined));
  });

  it('dead-letters a reply from a participant that does not own the step', async () => {
    await bindParticipantQueue();
    await channel.purgeQueue(Topology.deadLetterQueue);
    const { saga } = await sagas.start({ definition: 'two-step', input: { orderId: 'o-5', amount: 5 } });
    const forged = executeReply(saga.id, 'reserve', 'impostor');
    channel.publish(Topology.repliesExchange, Topology.replyRoutingKey, Buffer.from(JSON.stringify(forged)), {
      messageId: forged.messageId,
      type: MessageTypes.stepReplied,
      userId: 'guest',
    });

    const dead = await nextMessage(Topology.deadLetterQueue);
    expect(String(dead.properties.headers?.[MessageHeaders.deadLetterReason])).toContain('impostor');
    expect((await sagas.get(saga.id)).steps[0]?.status).toBe('RUNNING');
  });

  it('lets the relay poll publish rows the fast path never sent (e.g. after a crash)', async () => {
    const queue = await bindParticipantQueue();
    await channel.purgeQueue(queue);
    // A row committed by a process that died before publishing: never dispatched.
    await sql.query(
      `INSERT INTO outbox_message (message_id, exchange, routing_key, type, correlation_id, headers, payload, created_at)
       VALUES ('orphan-1', $1, $2, $3, 'orphan', '{}', '{"orphan":true}', now() - interval '5 seconds')`,
      [Topology.commandsExchange, `${firstParticipant}.anything`, MessageTypes.executeStep],
    );
    expect(await app.get(OutboxRelay).pollOnce()).toBeGreaterThanOrEqual(0);
    const message = await nextMessage(queue);
    expect(message.properties.messageId).toBe('orphan-1');
    await eventually(async () => ((await unsentFor('orphan')).length === 0 ? true : undefined), { what: 'orphan marked sent' });
  });
});
