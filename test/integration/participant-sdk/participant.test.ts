import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageHeaders, MessageTypes, replyMessageId, type StepCommandMessage } from '@saga-coordinator/contracts';
import { createParticipant, type Participant, silentLogger, StepResult } from '@saga-coordinator/participant';
import { createTestInfrastructure, eventually } from '../../support/test-infrastructure.js';
import type { TestInfrastructure } from '../../support/test-infrastructure.js';
import { CoordinatorProbe, stepCommand } from './coordinator-probe.js';

/** Payload knobs of the test participant's `record` command. */
interface RecordPayload {
  amount?: number;
  refuse?: boolean;
  explode?: boolean;
  delayMs?: number;
}

describe('participant SDK against real PostgreSQL and RabbitMQ', () => {
  let infra: TestInfrastructure;
  let pool: pg.Pool;
  let participant: Participant;
  let probe: CoordinatorProbe;
  const calls = { record: new Map<string, number>(), unrecord: new Map<string, number>() };
  const count = (map: Map<string, number>, sagaId: string): number => map.get(sagaId) ?? 0;
  const bump = (map: Map<string, number>, sagaId: string): void => void map.set(sagaId, count(map, sagaId) + 1);
  const record = (extra: Partial<Parameters<typeof stepCommand>[0]> = {}): StepCommandMessage =>
    stepCommand({ participant: 'ledger', command: 'record', ...extra });

  beforeAll(async () => {
    infra = await createTestInfrastructure('sdk');
    pool = new pg.Pool({ connectionString: infra.databaseUrl, max: 8 });
    await pool.query(
      'CREATE SCHEMA ledger; CREATE TABLE ledger.entries (saga_id uuid PRIMARY KEY, amount int NOT NULL, undone boolean NOT NULL DEFAULT false)',
    );
    probe = await CoordinatorProbe.connect(infra.rabbitmqUrl);
    participant = createParticipant({ name: 'ledger', rabbitmqUrl: infra.rabbitmqUrl, fence: { pool, schema: 'ledger' }, logger: silentLogger })
      .handle('record', async (command, ctx) => {
        bump(calls.record, command.sagaId);
        const payload = command.payload as RecordPayload;
        if (payload.delayMs !== undefined) await new Promise((r) => setTimeout(r, payload.delayMs));
        if (payload.explode === true) throw new Error('ledger exploded');
        if (payload.refuse === true) return StepResult.failed('limit-exceeded', 'amount over the limit');
        await ctx.tx.query('INSERT INTO ledger.entries (saga_id, amount) VALUES ($1, $2)', [command.sagaId, payload.amount ?? 1]);
        return StepResult.succeeded({ entry: command.sagaId, traceparent: ctx.traceparent ?? null });
      })
      .compensate('unrecord', async (command, ctx) => {
        bump(calls.unrecord, command.sagaId);
        await ctx.tx.query('UPDATE ledger.entries SET undone = true WHERE saga_id = $1', [command.sagaId]);
        return StepResult.compensated();
      });
    await participant.start();
  });

  afterAll(async () => {
    await participant?.stop();
    await probe?.close();
    await pool?.end();
    await infra?.dispose();
  });

  const entries = async (sagaId: string): Promise<Array<{ amount: number; undone: boolean }>> =>
    (await pool.query('SELECT amount, undone FROM ledger.entries WHERE saga_id = $1', [sagaId])).rows;

  it('announces its commands and compensations on start', async () => {
    const announcement = await eventually(() => probe.announcements[0], { what: 'an announcement' });
    expect(announcement).toMatchObject({ participant: 'ledger', commands: ['record'], compensations: ['unrecord'] });
  });

  it('replies succeeded with the output, persistent and addressed per the contracts, and passes the trace context through', async () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const command = await probe.send(record({ payload: { amount: 7 } }), { [MessageHeaders.traceparent]: traceparent });

    const { body, message } = await probe.replyTo(command);

    expect(body).toMatchObject({ outcome: 'succeeded', output: { entry: command.sagaId, traceparent }, inReplyTo: command.messageId, attempt: 1 });
    expect(body.messageId).toBe(replyMessageId(command.messageId));
    expect(message.properties).toMatchObject({
      messageId: body.messageId,
      correlationId: command.messageId,
      type: MessageTypes.stepReplied,
      deliveryMode: 2,
    });
    expect(message.properties.headers).toMatchObject({ [MessageHeaders.sagaId]: command.sagaId, [MessageHeaders.traceparent]: traceparent });
    expect(await entries(command.sagaId)).toEqual([{ amount: 7, undone: false }]);
  });

  it('replies failed with the business code and writes nothing for a refused step', async () => {
    const command = await probe.send(record({ payload: { refuse: true } }));

    const { body } = await probe.replyTo(command);

    expect(body).toMatchObject({ outcome: 'failed', failure: { code: 'limit-exceeded', message: 'amount over the limit' } });
    expect(await entries(command.sagaId)).toEqual([]);
  });

  it('replies error with the message but no stack when the handler throws, and runs the handler again on the next attempt', async () => {
    const first = await probe.send(record({ payload: { explode: true } }));
    const { body } = await probe.replyTo(first);
    expect(body).toMatchObject({ outcome: 'error', failure: { code: 'handler-error', message: 'ledger exploded' } });
    expect(JSON.stringify(body)).not.toContain('at ');

    const retry = await probe.send(record({ sagaId: first.sagaId, attempt: 2, payload: { amount: 3 } }));
    expect((await probe.replyTo(retry)).body.outcome).toBe('succeeded');
    expect(count(calls.record, first.sagaId)).toBe(2);
  });

  it('answers a redelivered command from the fence: the handler runs once and the same reply is sent again', async () => {
    const command = await probe.send(record({ payload: { amount: 5 } }));
    const first = await probe.replyTo(command);
    await probe.send(command);
    const second = await probe.replyTo(command, 2);

    expect(second.body).toEqual({ ...first.body, repliedAt: second.body.repliedAt, startedAt: second.body.startedAt });
    expect(count(calls.record, command.sagaId)).toBe(1);
    expect(await entries(command.sagaId)).toHaveLength(1);
  });

  it('answers a new attempt of a committed step with the stored reply under the new attempt ids', async () => {
    const first = await probe.send(record({ payload: { amount: 5 } }));
    const original = await probe.replyTo(first);
    const again = await probe.send(record({ sagaId: first.sagaId, attempt: 2, payload: { amount: 5 } }));

    const { body } = await probe.replyTo(again);

    expect(body).toMatchObject({ outcome: 'succeeded', output: original.body.output, attempt: 2, inReplyTo: again.messageId });
    expect(count(calls.record, first.sagaId)).toBe(1);
  });

  it('runs the handler once when the same command is delivered several times concurrently', async () => {
    const command = record({ payload: { amount: 1, delayMs: 150 } });
    await Promise.all([1, 2, 3, 4, 5].map(() => probe.send(command)));

    await eventually(() => (probe.repliesTo(command).length === 5 ? true : undefined), { what: 'five replies' });

    expect(new Set(probe.repliesTo(command).map((r) => r.body.outcome))).toEqual(new Set(['succeeded']));
    expect(count(calls.record, command.sagaId)).toBe(1);
    expect(await entries(command.sagaId)).toHaveLength(1);
  });

  it('compensates a succeeded step once, however often the compensation is delivered', async () => {
    const execute = await probe.send(record({ payload: { amount: 2 } }));
    await probe.replyTo(execute);
    const compensate = stepCommand({ participant: 'ledger', command: 'unrecord', kind: 'compensate', sagaId: execute.sagaId });
    await probe.send(compensate);
    await probe.replyTo(compensate);
    await probe.send(compensate);

    expect((await probe.replyTo(compensate, 2)).body.outcome).toBe('compensated');
    expect(count(calls.unrecord, execute.sagaId)).toBe(1);
    expect(await entries(execute.sagaId)).toEqual([{ amount: 2, undone: true }]);
  });

  it('answers compensated without running the handler for a step that never ran, then refuses its late execute', async () => {
    const compensate = await probe.send(stepCommand({ participant: 'ledger', command: 'unrecord', kind: 'compensate' }));
    expect((await probe.replyTo(compensate)).body.outcome).toBe('compensated');
    expect(count(calls.unrecord, compensate.sagaId)).toBe(0);

    const late = await probe.send(record({ sagaId: compensate.sagaId, payload: { amount: 9 } }));
    const { body } = await probe.replyTo(late);

    expect(body).toMatchObject({ outcome: 'failed', failure: { code: 'already-compensated' } });
    expect(count(calls.record, compensate.sagaId)).toBe(0);
    expect(await entries(compensate.sagaId)).toEqual([]);
  });

  it('does not run the compensation of a step that was refused (it wrote nothing)', async () => {
    const execute = await probe.send(record({ payload: { refuse: true } }));
    await probe.replyTo(execute);
    const compensate = await probe.send(stepCommand({ participant: 'ledger', command: 'unrecord', kind: 'compensate', sagaId: execute.sagaId }));

    expect((await probe.replyTo(compensate)).body.outcome).toBe('compensated');
    expect(count(calls.unrecord, execute.sagaId)).toBe(0);
  });

  it.each([
    { what: 'a body that is not JSON', body: Buffer.from('{not json'), routingKey: 'ledger.record', reason: 'not-json' },
    { what: 'a body without ids', body: Buffer.from('{"hello":1}'), routingKey: 'ledger.record', reason: 'missing-ids' },
    {
      what: 'a schema-invalid command',
      body: Buffer.from(JSON.stringify({ ...stepCommand({ participant: 'ledger', command: 'record' }), attempt: 0 })),
      routingKey: 'ledger.record',
      reason: 'invalid-schema',
    },
    {
      what: 'an unknown command',
      body: Buffer.from(JSON.stringify(stepCommand({ participant: 'ledger', command: 'shred' }))),
      routingKey: 'ledger.shred',
      reason: 'unknown-command',
    },
    { what: 'an oversized body', body: Buffer.alloc(1024 * 1024 + 1, 0x20), routingKey: 'ledger.record', reason: 'oversized' },
  ])('dead-letters $what with the reason and original headers, and keeps consuming', async ({ body, routingKey, reason }) => {
    await probe.publishRaw(routingKey, body, { headers: { 'x-origin': 'test' } });

    const dead = await probe.nextDeadLetter();

    expect(String(dead.properties.headers?.[MessageHeaders.deadLetterReason])).toMatch(new RegExp(`^${reason}`));
    expect(dead.properties.headers?.['x-origin']).toBe('test');
    expect(dead.content.equals(body)).toBe(true);
    const next = await probe.send(record());
    expect((await probe.replyTo(next)).body.outcome).toBe('succeeded');
  });
});
