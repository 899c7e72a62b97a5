import amqp from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandMessageId, MessageTypes, replyMessageId, Topology } from '@saga-coordinator/contracts';
import { type Participant, StepResult } from '@saga-coordinator/participant';
import { defineSaga } from '../../src/saga-engine/definition/saga-definition.builder.js';
import { createTestInfrastructure, eventually, type TestInfrastructure } from '../support/test-infrastructure.js';
import { startCoordinatorWithDefinitions, type RunningCoordinator } from './fixtures/coordinator-with-definitions.js';
import { startTestParticipant, type TestParticipant } from './fixtures/test-participant.js';

const FINAL = ['COMPLETED', 'COMPENSATED', 'COMPENSATION_FAILED'];

/** A step whose participant (`sink`) only declares its queue and never answers: the test answers for it. */
const waitingSaga = defineSaga('waiting-saga')
  .version(1)
  .input({ type: 'object' })
  .step('wait', (s) => s.participant('sink').command('wait').compensation('unwait').timeout(120_000))
  .build();
/** Ordinary traffic that must keep flowing while the poison cycles. */
const quickSaga = defineSaga('quick-saga')
  .version(1)
  .input({ type: 'object' })
  .step('go', (s) => s.participant('quick').command('go').compensation('undo-go').timeout(30_000))
  .build();

/**
 * A reply that makes the coordinator's handler throw on every delivery (RELIABILITY, bad input:
 * "a handler that throws on every delivery"): here a NUL character in the step output, which
 * PostgreSQL's jsonb refuses. The quorum queue's delivery limit dead-letters it; other sagas
 * are never blocked.
 */
describe('poison replies end to end', () => {
  let infra: TestInfrastructure;
  let coordinator: RunningCoordinator;
  const participants: TestParticipant[] = [];

  beforeAll(async () => {
    infra = await createTestInfrastructure('saga_e2e_poison');
    coordinator = await startCoordinatorWithDefinitions(infra, [waitingSaga, quickSaga]);
    const sink = await startTestParticipant(infra, 'sink', (p: Participant) =>
      p.handle('wait', () => new Promise(() => undefined)).compensate('unwait', async () => StepResult.compensated()),
    );
    // The queue stays declared (durable); the sink itself goes away so the test can answer for it.
    await sink.stop();
    participants.push(
      await startTestParticipant(infra, 'quick', (p) =>
        p.handle('go', async () => StepResult.succeeded({ went: true })).compensate('undo-go', async () => StepResult.compensated()),
      ),
    );
  });

  afterAll(async () => {
    await Promise.all(participants.map((p) => p.stop()));
    await coordinator?.process.stop();
    await infra?.dispose();
  });

  it('dead-letters a reply that fails on every delivery once the delivery limit is hit, without blocking other sagas', async () => {
    const target = await coordinator.client.start({}, { definition: 'waiting-saga' });
    const sagaId = target.body.id as string;
    const commandId = commandMessageId(sagaId, 'wait', 'execute', 1);
    const poison = {
      messageId: replyMessageId(commandId),
      inReplyTo: commandId,
      sagaId,
      step: 'wait',
      participant: 'sink',
      kind: 'execute',
      attempt: 1,
      outcome: 'succeeded',
      output: { note: 'a NUL \u0000 that jsonb cannot store' },
      repliedAt: new Date().toISOString(),
    };

    const connection = await amqp.connect(infra.rabbitmqUrl);
    try {
      const channel = await connection.createConfirmChannel();
      channel.publish(Topology.repliesExchange, Topology.replyRoutingKey, Buffer.from(JSON.stringify(poison)), {
        persistent: true,
        messageId: poison.messageId,
        type: MessageTypes.stepReplied,
        userId: 'guest',
        contentType: 'application/json',
      });
      await channel.waitForConfirms();

      // Meanwhile ordinary sagas flow through the same queue and the same coordinator.
      const others = await Promise.all(Array.from({ length: 10 }, () => coordinator.client.start({}, { definition: 'quick-saga' })));
      const finals = await Promise.all(others.map((s) => coordinator.client.waitFor(s.body.id, FINAL, 30_000)));
      expect(finals.map((saga) => saga.status)).toEqual(others.map(() => 'COMPLETED'));

      const deadLettered = await eventually(
        async () => {
          const message = await channel.get(Topology.deadLetterQueue, { noAck: false });
          if (message === false) return undefined;
          if (message.properties.messageId !== poison.messageId) {
            channel.ack(message);
            return undefined;
          }
          channel.ack(message);
          return message;
        },
        { timeoutMs: 45_000, intervalMs: 200, what: 'the poison reply in the dead-letter queue' },
      );
      const headers = deadLettered.properties.headers ?? {};
      expect(headers['x-first-death-reason']).toBe('delivery_limit');
      expect(headers['x-first-death-queue']).toBe(Topology.repliesQueue);
      expect(JSON.parse(deadLettered.content.toString('utf8'))).toEqual(poison);
    } finally {
      await connection.close();
    }

    // The poison changed nothing: the step still waits for a real answer.
    const saga = (await coordinator.client.get(sagaId)).body;
    expect(saga.status).toBe('RUNNING');
    expect(saga.steps[0].status).toBe('RUNNING');
    expect((await coordinator.client.events(sagaId)).map((e) => e.type)).toEqual(['SagaStarted', 'StepStarted']);
  });
});
