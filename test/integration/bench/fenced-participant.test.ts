import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FencedParticipant, type ReplyDraft } from '../../../bench/reference/fenced-participant.js';
import type { WireCommand } from '../../../bench/reference/wire-protocol.js';
import { createTestInfrastructure } from '../../support/test-infrastructure.js';
import type { TestInfrastructure } from '../../support/test-infrastructure.js';
import { CoordinatorProbe, stepCommand } from '../participant-sdk/coordinator-probe.js';

/**
 * The bench's hand-written participant is the bound the SDK is measured against, so it must keep
 * the SDK fence's guarantees: otherwise it would be cheap for the wrong reason.
 */
describe('the bench hand-written fenced participant', () => {
  let infra: TestInfrastructure;
  let pool: pg.Pool;
  let participant: FencedParticipant;
  let probe: CoordinatorProbe;
  const record = (extra: Partial<Parameters<typeof stepCommand>[0]> = {}) => stepCommand({ participant: 'ledger', command: 'record', ...extra });
  const unrecord = (extra: Partial<Parameters<typeof stepCommand>[0]> = {}) =>
    stepCommand({ participant: 'ledger', command: 'unrecord', kind: 'compensate', ...extra });
  const fenceRows = async (sagaId: string) =>
    (await pool.query<{ kind: string; outcome: string }>('SELECT kind, outcome FROM ledger.saga_fence WHERE saga_id = $1 ORDER BY kind', [sagaId]))
      .rows;

  beforeAll(async () => {
    infra = await createTestInfrastructure('bench_ref');
    pool = new pg.Pool({ connectionString: infra.databaseUrl, max: 8, pipeline: true });
    probe = await CoordinatorProbe.connect(infra.rabbitmqUrl);
    participant = new FencedParticipant({
      name: 'ledger',
      rabbitmqUrl: infra.rabbitmqUrl,
      pool,
      schema: 'ledger',
      prefetch: 16,
      execute: (command: WireCommand): ReplyDraft | undefined => {
        if (command.command !== 'record') return undefined;
        const payload = command.payload as { refuse?: boolean; amount?: number };
        return payload.refuse === true
          ? { outcome: 'failed', failure: { code: 'limit-exceeded', message: 'too much' } }
          : { outcome: 'succeeded', output: { amount: payload.amount ?? 1 } };
      },
      compensates: (command) => command.command === 'unrecord',
    });
    await participant.start();
  });

  afterAll(async () => {
    await participant?.stop();
    await probe?.close();
    await pool?.end();
    await infra?.dispose();
  });

  it("replies succeeded with the output in the contracts' StepReply shape, with the saga headers and the trace context", async () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const command = await probe.send(record({ payload: { amount: 7 } }), { traceparent });

    const { body, message } = await probe.replyTo(command);

    expect(body).toMatchObject({
      messageId: `${command.messageId}:reply`,
      inReplyTo: command.messageId,
      outcome: 'succeeded',
      output: { amount: 7 },
      attempt: 1,
    });
    expect(message.properties).toMatchObject({
      messageId: body.messageId,
      correlationId: command.messageId,
      type: 'saga.StepReplied',
      deliveryMode: 2,
    });
    expect(message.properties.headers).toMatchObject({
      'x-saga-id': command.sagaId,
      'x-saga-step': command.step,
      'x-saga-attempt': 1,
      'x-saga-participant': 'ledger',
      traceparent,
    });
    expect(await fenceRows(command.sagaId)).toEqual([{ kind: 'execute', outcome: 'succeeded' }]);
  });

  it('answers a redelivered command from its record: the same reply, still one fence row', async () => {
    const command = await probe.send(record({ payload: { amount: 5 } }));
    const first = await probe.replyTo(command);
    await probe.send(record({ sagaId: command.sagaId, payload: { amount: 99 } }));

    const second = await probe.replyTo(command, 2);

    expect(second.body).toEqual({
      ...first.body,
      repliedAt: second.body.repliedAt,
      startedAt: second.body.startedAt,
      commandSentAt: second.body.commandSentAt,
    });
    expect(second.body.output).toEqual({ amount: 5 });
    expect(await fenceRows(command.sagaId)).toEqual([{ kind: 'execute', outcome: 'succeeded' }]);
  });

  it('replies failed with the business code for a refused step, and its compensation finds nothing to undo', async () => {
    const command = await probe.send(record({ payload: { refuse: true } }));
    expect((await probe.replyTo(command)).body).toMatchObject({ outcome: 'failed', failure: { code: 'limit-exceeded', message: 'too much' } });

    const undo = await probe.send(unrecord({ sagaId: command.sagaId }));

    expect((await probe.replyTo(undo)).body.outcome).toBe('compensated');
    expect(await fenceRows(command.sagaId)).toEqual([
      { kind: 'compensate', outcome: 'nothing-to-undo' },
      { kind: 'execute', outcome: 'failed' },
    ]);
  });

  it("compensates a step that took effect, and answers the compensation's redelivery from its record", async () => {
    const command = await probe.send(record());
    await probe.replyTo(command);
    const undo = await probe.send(unrecord({ sagaId: command.sagaId }));
    expect((await probe.replyTo(undo)).body.outcome).toBe('compensated');
    await probe.send(undo);

    expect((await probe.replyTo(undo, 2)).body.outcome).toBe('compensated');
    expect(await fenceRows(command.sagaId)).toEqual([
      { kind: 'compensate', outcome: 'compensated' },
      { kind: 'execute', outcome: 'succeeded' },
    ]);
  });

  it('records a tombstone for a compensation that arrives first, and refuses the execute that comes after it', async () => {
    const sagaId = randomUUID();
    const undo = await probe.send(unrecord({ sagaId }));
    expect((await probe.replyTo(undo)).body.outcome).toBe('compensated');

    const late = await probe.send(record({ sagaId }));

    expect((await probe.replyTo(late)).body).toMatchObject({ outcome: 'failed', failure: { code: 'already-compensated' } });
    expect(await fenceRows(sagaId)).toEqual([{ kind: 'compensate', outcome: 'nothing-to-undo' }]);
  });

  it('never leaves an effect beside a tombstone when an execute races its compensation', async () => {
    const sagaIds = Array.from({ length: 20 }, () => randomUUID());
    const sent = await Promise.all(sagaIds.flatMap((sagaId) => [probe.send(record({ sagaId })), probe.send(unrecord({ sagaId }))]));
    await Promise.all(sent.map((command) => probe.replyTo(command)));

    for (const sagaId of sagaIds) {
      const rows = await fenceRows(sagaId);
      const compensation = rows.find((row) => row.kind === 'compensate');
      const execute = rows.find((row) => row.kind === 'execute');
      // Either the execute won (and its compensation undid it) or the compensation won (and the execute was refused).
      expect(execute === undefined ? compensation?.outcome : `${execute.outcome}/${compensation?.outcome}`).toMatch(
        /^(succeeded\/compensated|nothing-to-undo)$/,
      );
    }
  });

  it('dead-letters a command that is not JSON and keeps consuming', async () => {
    await probe.publishRaw('ledger.record', Buffer.from('{not json'), { messageId: 'garbage-1' });

    const dead = await probe.nextDeadLetter();

    expect(dead.properties.messageId).toBe('garbage-1');
    const command = await probe.send(record());
    expect((await probe.replyTo(command)).body.outcome).toBe('succeeded');
  });
});
