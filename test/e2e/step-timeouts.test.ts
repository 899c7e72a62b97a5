import amqp from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { participantQueue } from '@saga-coordinator/contracts';
import { type Participant, StepResult } from '@saga-coordinator/participant';
import { defineSaga } from '../../src/saga-engine/definition/saga-definition.builder.js';
import { createTestInfrastructure, eventually, type TestInfrastructure } from '../support/test-infrastructure.js';
import { startCoordinatorWithDefinitions, type RunningCoordinator } from './fixtures/coordinator-with-definitions.js';
import { startTestParticipant, type TestParticipant } from './fixtures/test-participant.js';

const FINAL = ['COMPLETED', 'COMPENSATED', 'COMPENSATION_FAILED'];

/** One compensatable step with a 1 s timeout and no retry: a late answer is compensated at once. */
const timeoutSaga = (name: string, participant: string) =>
  defineSaga(name)
    .version(1)
    .input({ type: 'object', properties: { delayMs: { type: 'integer' } }, additionalProperties: false })
    .step('hold', (s) =>
      s
        .participant(participant)
        .command('hold')
        .compensation('unhold')
        .timeout(1_000)
        .retry({ maxAttempts: 1 })
        .compensationRetry({ maxAttempts: 3, initialDelayMs: 100, maxDelayMs: 100, backoffCoefficient: 1, jitter: 0 }),
    )
    .build();

/**
 * Step timeouts end to end (RELIABILITY fault 19): a timed-out step is maybe-done and is
 * compensated; a late success is recorded and changes nothing; a command that arrives after its
 * compensation is refused by the participant's fence.
 */
describe('step timeouts end to end', () => {
  let infra: TestInfrastructure;
  let coordinator: RunningCoordinator;
  const participants: TestParticipant[] = [];
  const calls = { execute: 0, compensate: 0 };

  /** `hold` writes its effect in the participant's own table (in the fence's transaction), `unhold` undoes it. */
  const registerHold = (p: Participant): Participant =>
    p
      .handle('hold', async (command, { tx }) => {
        calls.execute++;
        const { delayMs = 0 } = (command.payload as { input: { delayMs?: number } }).input;
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        await tx.query(`INSERT INTO holds.effects (saga_id, state) VALUES ($1, 'HELD')`, [command.sagaId]);
        return StepResult.succeeded({ held: true });
      })
      .compensate('unhold', async (command, { tx }) => {
        calls.compensate++;
        await tx.query(`UPDATE holds.effects SET state = 'RELEASED' WHERE saga_id = $1`, [command.sagaId]);
        return StepResult.compensated();
      });

  beforeAll(async () => {
    infra = await createTestInfrastructure('saga_e2e_timeouts');
    coordinator = await startCoordinatorWithDefinitions(infra, [timeoutSaga('slow-saga', 'slowpoke'), timeoutSaga('mute-saga', 'mute')]);
    const slowpoke = await startTestParticipant(infra, 'slowpoke', registerHold);
    participants.push(slowpoke);
    await slowpoke.pool.query(
      `CREATE SCHEMA IF NOT EXISTS holds; CREATE TABLE IF NOT EXISTS holds.effects (saga_id uuid NOT NULL, state text NOT NULL)`,
    );
  });

  afterAll(async () => {
    await Promise.all(participants.map((p) => p.stop()));
    await coordinator?.process.stop();
    await infra?.dispose();
  });

  const effectsOf = async (sagaId: string) =>
    (await participants[0]!.pool.query(`SELECT state FROM holds.effects WHERE saga_id = $1`, [sagaId])).rows.map((r) => r.state as string);

  it('compensates a step whose success came too late, and records the late reply as ignored', async () => {
    const started = await coordinator.client.start({ delayMs: 2_500 }, { definition: 'slow-saga' });
    expect(started.status).toBe(202);
    const id = started.body.id as string;

    const saga = await coordinator.client.waitFor(id, FINAL, 30_000);
    expect(saga.status).toBe('COMPENSATED');
    // The effect landed (late) and was undone: net zero, nothing doubled.
    expect(await effectsOf(id)).toEqual(['RELEASED']);

    const events = await eventually(
      async () => {
        const log = await coordinator.client.events(id);
        return log.some((e) => e.type === 'ReplyIgnored') ? log : undefined;
      },
      { what: 'the late reply in the step log' },
    );
    const types = events.map((e) => e.type);
    expect(types).toContain('StepTimedOut');
    expect(types.indexOf('StepTimedOut')).toBeLessThan(types.indexOf('CompensationStarted'));
    expect(events.find((e) => e.type === 'ReplyIgnored')).toMatchObject({
      step: 'hold',
      data: expect.objectContaining({ kind: 'execute', outcome: 'succeeded' }),
    });
    expect(types.filter((t) => t === 'CompensationSucceeded')).toHaveLength(1);
    expect(types.at(-1) === 'SagaCompensated' || types.at(-1) === 'ReplyIgnored').toBe(true);
  });

  it('has the fence answer the compensation of a step that never ran, and refuse the step command that arrives after it', async () => {
    calls.execute = 0;
    calls.compensate = 0;
    // The participant declares its queue once, then goes away: its commands wait in the queue.
    const first = await startTestParticipant(infra, 'mute', registerHold);
    await first.stop();

    // A stand-in holds the step command unacked (the participant is "slow to get to it").
    const connection = await amqp.connect(infra.rabbitmqUrl);
    const channel = await connection.createChannel();
    await channel.prefetch(1);
    const held = new Promise<amqp.ConsumeMessage>((resolve) => {
      void channel.consume(participantQueue('mute'), (message) => message && resolve(message), { noAck: false });
    });

    const started = await coordinator.client.start({}, { definition: 'mute-saga' });
    const id = started.body.id as string;
    const command = await held;
    expect(command.properties.type).toBe('saga.ExecuteStep');
    await eventually(async () => ((await coordinator.client.get(id)).body.status === 'COMPENSATING' ? true : undefined), {
      what: 'the step to time out and compensation to begin',
    });

    // The participant comes back: the compensation reaches it first.
    const mute = await startTestParticipant(infra, 'mute', registerHold);
    participants.push(mute);
    const saga = await coordinator.client.waitFor(id, FINAL, 30_000);
    expect(saga.status).toBe('COMPENSATED');

    // Now the step command is released to the participant, after its compensation.
    await channel.close();
    await connection.close();
    const events = await eventually(
      async () => {
        const log = await coordinator.client.events(id);
        return log.some((e) => e.type === 'ReplyIgnored') ? log : undefined;
      },
      { what: 'the refused late command to be answered and recorded' },
    );

    expect(events.find((e) => e.type === 'ReplyIgnored')).toMatchObject({
      step: 'hold',
      data: expect.objectContaining({ kind: 'execute', outcome: 'failed' }),
    });
    // The fence answered both: the handlers never ran, no effect exists.
    expect(calls).toEqual({ execute: 0, compensate: 0 });
    expect(await effectsOf(id)).toEqual([]);
    expect((await coordinator.client.get(id)).body.status).toBe('COMPENSATED');
  });
});
