import type { INestApplication } from '@nestjs/common';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InboundMessageHandler } from '../../../src/runtime/inbound/inbound-message-handler.port.js';
import { SagaService } from '../../../src/orchestration/sagas/saga.service.js';
import { createTestInfrastructure, type TestInfrastructure } from '../../support/test-infrastructure.js';
import { createOrchestrationTestApp, type RecordingDispatcher, sqlClient } from './support/orchestration-test-app.js';
import { executeReply } from './support/replies.js';
import { twoStepDefinition } from './support/two-step.definition.js';

describe('applying participant replies', () => {
  let infra: TestInfrastructure;
  let app: INestApplication;
  let dispatcher: RecordingDispatcher;
  let sql: pg.Client;
  let sagas: SagaService;
  let runtime: InboundMessageHandler;

  beforeAll(async () => {
    infra = await createTestInfrastructure('orch_replies');
    ({ app, dispatcher } = await createOrchestrationTestApp(infra.databaseUrl, [twoStepDefinition]));
    sql = await sqlClient(infra.databaseUrl);
    sagas = app.get(SagaService);
    runtime = app.get(InboundMessageHandler);
  });
  afterAll(async () => {
    await sql?.end();
    await app?.close();
    await infra?.dispose();
  });

  async function startSaga(): Promise<string> {
    return (await sagas.start({ definition: 'two-step', input: { orderId: 'o', amount: 5 } })).saga.id;
  }

  async function logTypes(sagaId: string): Promise<string[]> {
    return (await sagas.events(sagaId)).map((e) => e.type);
  }

  it('advances the saga on a success reply: next command in the outbox and dispatched after commit', async () => {
    const id = await startSaga();

    const result = await runtime.handleReply(executeReply(id, 'reserve', 'stock'));

    expect(result).toEqual({ kind: 'applied' });
    const saga = await sagas.get(id);
    expect(saga.steps.map((s) => s.status)).toEqual(['SUCCEEDED', 'RUNNING']);
    expect(saga.steps[0]?.output).toEqual({ ref: 'reserve-ref' });
    expect(dispatcher.dispatched.map((m) => m.messageId)).toContain(`${id}:charge:execute:1`);
    const { rows } = await sql.query('SELECT kind, step FROM saga_timer WHERE saga_id = $1', [id]);
    expect(rows).toEqual([{ kind: 'step-timeout', step: 'charge' }]);
  });

  it('marks the command a reply answers sent in the reply transaction, and leaves the new command unsent', async () => {
    const id = await startSaga();
    const sentAt = async (messageId: string) =>
      (await sql.query('SELECT sent_at FROM outbox_message WHERE message_id = $1', [messageId])).rows[0]?.sent_at as Date | null;
    expect(await sentAt(`${id}:reserve:execute:1`)).toBeNull();

    await runtime.handleReply(executeReply(id, 'reserve', 'stock'));

    expect(await sentAt(`${id}:reserve:execute:1`)).toBeInstanceOf(Date);
    expect(await sentAt(`${id}:charge:execute:1`)).toBeNull();
    expect(dispatcher.answeredIds).toContain(`${id}:reserve:execute:1`);
  });

  it('marks nothing sent for a rejected reply', async () => {
    const id = await startSaga();
    const marked = dispatcher.answeredIds.length;
    await runtime.handleReply(executeReply(id, 'reserve', 'bank'));
    const { rows } = await sql.query('SELECT sent_at FROM outbox_message WHERE message_id = $1', [`${id}:reserve:execute:1`]);
    expect(rows).toEqual([{ sent_at: null }]);
    expect(dispatcher.answeredIds).toHaveLength(marked);
  });

  it('applies a reply delivered twice with the same message id once (inbox)', async () => {
    const id = await startSaga();
    const reply = executeReply(id, 'reserve', 'stock');

    expect(await runtime.handleReply(reply)).toEqual({ kind: 'applied' });
    const after = await sagas.get(id);
    const log = await logTypes(id);
    expect(await runtime.handleReply(reply)).toEqual({ kind: 'duplicate' });

    expect(await sagas.get(id)).toEqual(after);
    expect(await logTypes(id)).toEqual(log);
    const { rows } = await sql.query(`SELECT count(*)::int AS n FROM outbox_message WHERE correlation_id = $1 AND exchange = 'saga.commands'`, [id]);
    expect(rows[0].n).toBe(2);
  });

  it('rejects a reply for an unknown saga, an unknown step or from a participant that does not own the step', async () => {
    const id = await startSaga();

    expect(await runtime.handleReply(executeReply('0190a000-0000-7000-8000-000000000000', 'reserve', 'stock'))).toEqual({
      kind: 'rejected',
      reason: 'unknown saga 0190a000-0000-7000-8000-000000000000',
    });
    expect(await runtime.handleReply(executeReply(id, 'reserve', 'bank'))).toEqual({
      kind: 'rejected',
      reason: 'participant bank does not own step reserve',
      refusal: 'step-not-owned',
    });
    expect(await runtime.handleReply(executeReply(id, 'ship', 'stock'))).toEqual({
      kind: 'rejected',
      reason: 'step ship does not exist in saga definition two-step v1',
    });
    expect(await logTypes(id)).toEqual(['SagaStarted', 'StepStarted']);
    const { rows } = await sql.query('SELECT count(*)::int AS n FROM inbox_message WHERE saga_id = $1', [id]);
    expect(rows[0].n).toBe(0);
  });

  it('records a stale reply (an attempt never sent) as ignored without changing the saga', async () => {
    const id = await startSaga();
    const before = await sagas.get(id);

    expect(await runtime.handleReply(executeReply(id, 'reserve', 'stock', { attempt: 3 }))).toEqual({ kind: 'applied' });

    const after = await sagas.get(id);
    expect(after.steps).toEqual(before.steps);
    expect(after.status).toBe('RUNNING');
    expect(await logTypes(id)).toEqual(['SagaStarted', 'StepStarted', 'ReplyIgnored']);
  });

  it('serialises concurrent replies to one saga on its row lock: one advance, consecutive seq', async () => {
    const id = await startSaga();
    // The same logical reply under 8 different message ids (a re-published reply), all at once.
    const replies = Array.from({ length: 8 }, (_, i) => executeReply(id, 'reserve', 'stock', { messageId: `dup-${id}-${i}` }));

    const results = await Promise.all(replies.map((reply) => runtime.handleReply(reply)));

    expect(results.every((r) => r.kind === 'applied')).toBe(true);
    const events = await sagas.events(id);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((e) => e.type === 'StepSucceeded')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'ReplyIgnored')).toHaveLength(7);
    const { rows } = await sql.query(`SELECT count(*)::int AS n FROM outbox_message WHERE correlation_id = $1 AND message_id = $2`, [
      id,
      `${id}:charge:execute:1`,
    ]);
    expect(rows[0].n).toBe(1);
    const { rows: sagaRows } = await sql.query('SELECT last_seq FROM saga WHERE id = $1', [id]);
    expect(sagaRows[0].last_seq).toBe(events.length);
  });

  it('runs a business failure into compensation of the succeeded steps', async () => {
    const id = await startSaga();
    await runtime.handleReply(executeReply(id, 'reserve', 'stock'));

    await runtime.handleReply(executeReply(id, 'charge', 'bank', { outcome: 'failed', failure: { code: 'declined', message: 'card declined' } }));

    const saga = await sagas.get(id);
    expect(saga.status).toBe('COMPENSATING');
    expect(saga.steps.map((s) => s.status)).toEqual(['COMPENSATING', 'FAILED']);
    const { rows } = await sql.query(`SELECT routing_key, payload->>'kind' AS kind FROM outbox_message WHERE message_id = $1`, [
      `${id}:reserve:compensate:1`,
    ]);
    expect(rows).toEqual([{ routing_key: 'stock.release', kind: 'compensate' }]);
  });
});
