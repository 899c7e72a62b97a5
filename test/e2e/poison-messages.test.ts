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
 * Replies the store could not keep, or could keep only altered (RELIABILITY, bad input): a NUL
 * character (PostgreSQL's jsonb refuses it), 100,000 levels of nesting, a number beyond the IEEE
 * range (1e400 would be stored as null), invalid UTF-8 (it would be read as U+FFFD). The JSON
 * guards of HTTP bodies refuse them before the handler runs: dead-lettered at once with the
 * reason, never retried until the delivery limit; other sagas are never blocked.
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

  it('dead-letters replies the store could not keep at once, with the reason, never retried, without blocking other sagas', async () => {
    const target = await coordinator.client.start({}, { definition: 'waiting-saga' });
    const sagaId = target.body.id as string;
    const commandId = commandMessageId(sagaId, 'wait', 'execute', 1);
    const reply = (tag: string, output: string) =>
      JSON.stringify({
        messageId: `${replyMessageId(commandId)}-${tag}`,
        inReplyTo: commandId,
        sagaId,
        step: 'wait',
        participant: 'sink',
        kind: 'execute',
        attempt: 1,
        outcome: 'succeeded',
        output: '__OUTPUT__',
        repliedAt: new Date().toISOString(),
      }).replace('"__OUTPUT__"', output);
    const invalidUtf8 = Buffer.from(reply('utf8', '{"note":"XX"}'));
    invalidUtf8[invalidUtf8.indexOf('XX')] = 0xff;
    const poisons: Array<{ tag: string; content: Buffer; reason: string }> = [
      {
        tag: 'nul',
        content: Buffer.from(reply('nul', '{"note":"a NUL \\u0000 that jsonb cannot store"}')),
        reason: 'invalid-json-string at /output/note',
      },
      { tag: 'deep', content: Buffer.from(reply('deep', '['.repeat(100_000) + ']'.repeat(100_000))), reason: 'json-too-deep' },
      { tag: 'huge-number', content: Buffer.from(reply('huge-number', '{"amount":1e400}')), reason: 'json-number-out-of-range at /output/amount' },
      { tag: 'utf8', content: invalidUtf8, reason: 'not valid UTF-8' },
    ];
    const idOf = (tag: string) => `${replyMessageId(commandId)}-${tag}`;

    const connection = await amqp.connect(infra.rabbitmqUrl);
    try {
      const channel = await connection.createConfirmChannel();
      for (const poison of poisons) {
        channel.publish(Topology.repliesExchange, Topology.replyRoutingKey, poison.content, {
          persistent: true,
          messageId: idOf(poison.tag),
          type: MessageTypes.stepReplied,
          userId: 'guest',
          contentType: 'application/json',
        });
      }
      await channel.waitForConfirms();

      // Meanwhile ordinary sagas flow through the same queue and the same coordinator.
      const others = await Promise.all(Array.from({ length: 10 }, () => coordinator.client.start({}, { definition: 'quick-saga' })));
      const finals = await Promise.all(others.map((s) => coordinator.client.waitFor(s.body.id, FINAL, 30_000)));
      expect(finals.map((saga) => saga.status)).toEqual(others.map(() => 'COMPLETED'));

      const deadLettered = new Map<string, amqp.GetMessage>();
      await eventually(
        async () => {
          for (let message = await channel.get(Topology.deadLetterQueue); message; message = await channel.get(Topology.deadLetterQueue)) {
            channel.ack(message);
            deadLettered.set(String(message.properties.messageId), message);
          }
          return poisons.every((poison) => deadLettered.has(idOf(poison.tag))) ? true : undefined;
        },
        { timeoutMs: 15_000, intervalMs: 200, what: 'every poison reply in the dead-letter queue' },
      );
      for (const poison of poisons) {
        const letter = deadLettered.get(idOf(poison.tag))!;
        const headers = letter.properties.headers ?? {};
        // Dead-lettered by the coordinator on first sight, not by the queue's delivery limit.
        expect(headers['x-dead-lettered-by'], poison.tag).toBe('coordinator');
        expect(String(headers['x-dead-letter-reason']), poison.tag).toContain(poison.reason);
        expect(headers['x-first-death-reason'], poison.tag).toBeUndefined();
        expect(letter.content.equals(poison.content), poison.tag).toBe(true);
      }
    } finally {
      await connection.close();
    }

    // Never retried: no handler attempt failed.
    expect(coordinator.process.log).not.toMatch(/inbound message (attempt \d+ failed|not processed)/);
    // The poison changed nothing: the step still waits for a real answer.
    const saga = (await coordinator.client.get(sagaId)).body;
    expect(saga.status).toBe('RUNNING');
    expect(saga.steps[0].status).toBe('RUNNING');
    expect((await coordinator.client.events(sagaId)).map((e) => e.type)).toEqual(['SagaStarted', 'StepStarted']);
  });
});
