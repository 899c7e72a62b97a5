import type { INestApplication } from '@nestjs/common';
import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MessageTypes } from '@saga-coordinator/contracts';
import { DefinitionNotFoundError } from '../../../src/orchestration/errors/definition-not-found.error.js';
import { InvalidSagaInputError } from '../../../src/orchestration/errors/invalid-saga-input.error.js';
import { SagaNotFoundError } from '../../../src/orchestration/errors/saga-not-found.error.js';
import { SagaService } from '../../../src/orchestration/sagas/saga.service.js';
import { createTestInfrastructure, type TestInfrastructure } from '../../support/test-infrastructure.js';
import { createOrchestrationTestApp, type RecordingDispatcher, sqlClient } from './support/orchestration-test-app.js';
import { twoStepDefinition } from './support/two-step.definition.js';

/** Row counts of the tables a start writes to. */
async function rowCounts(sql: pg.Client): Promise<number[]> {
  const { rows } = await sql.query<{ s: number; e: number; o: number }>(
    `SELECT (SELECT count(*)::int FROM saga) AS s, (SELECT count(*)::int FROM saga_event) AS e,
            (SELECT count(*)::int FROM outbox_message) AS o`,
  );
  return [rows[0]!.s, rows[0]!.e, rows[0]!.o];
}

describe('starting a saga', () => {
  let infra: TestInfrastructure;
  let app: INestApplication;
  let dispatcher: RecordingDispatcher;
  let sql: pg.Client;
  let sagas: SagaService;

  beforeAll(async () => {
    infra = await createTestInfrastructure('orch_start');
    ({ app, dispatcher } = await createOrchestrationTestApp(infra.databaseUrl, [twoStepDefinition]));
    sql = await sqlClient(infra.databaseUrl);
    sagas = app.get(SagaService);
  });
  afterAll(async () => {
    await sql?.end();
    await app?.close();
    await infra?.dispose();
  });
  beforeEach(() => {
    dispatcher.dispatched.length = 0;
  });

  it('writes the saga row, its first log entries and the first command in one go, then dispatches the command', async () => {
    const { saga, created } = await sagas.start({ definition: 'two-step', input: { orderId: 'o-1', amount: 10 } });

    expect(created).toBe(true);
    expect(saga).toMatchObject({ definition: 'two-step', version: 1, status: 'RUNNING', input: { orderId: 'o-1', amount: 10 } });
    expect(saga.steps.map((s) => [s.name, s.status])).toEqual([
      ['reserve', 'RUNNING'],
      ['charge', 'PENDING'],
    ]);

    const { rows: sagaRows } = await sql.query('SELECT status, last_seq, definition_name FROM saga WHERE id = $1', [saga.id]);
    const { rows: events } = await sql.query<{ seq: number; type: string }>('SELECT seq, type FROM saga_event WHERE saga_id = $1 ORDER BY seq', [
      saga.id,
    ]);
    const { rows: outbox } = await sql.query('SELECT * FROM outbox_message WHERE correlation_id = $1 ORDER BY id', [saga.id]);
    const { rows: timers } = await sql.query('SELECT kind, step, attempt FROM saga_timer WHERE saga_id = $1', [saga.id]);

    expect(sagaRows).toEqual([{ status: 'RUNNING', last_seq: events.length, definition_name: 'two-step' }]);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.map((e) => e.type)).toEqual(['SagaStarted', 'StepStarted']);
    expect(timers).toEqual([{ kind: 'step-timeout', step: 'reserve', attempt: 1 }]);
    expect(outbox).toHaveLength(2);
    // The lifecycle event `started`, in the same transaction as the saga row.
    expect(outbox[1]).toMatchObject({
      message_id: `${saga.id}:started`,
      exchange: 'saga.events',
      routing_key: 'two-step.started',
      type: MessageTypes.sagaStatusChanged,
      correlation_id: saga.id,
      payload: { eventId: `${saga.id}:started`, sagaId: saga.id, definition: 'two-step', definitionVersion: 1, event: 'started', status: 'RUNNING' },
      sent_at: null,
    });
    expect(outbox[0]).toMatchObject({
      message_id: `${saga.id}:reserve:execute:1`,
      exchange: 'saga.commands',
      routing_key: 'stock.reserve',
      type: MessageTypes.executeStep,
      correlation_id: saga.id,
      headers: { 'x-saga-id': saga.id, 'x-saga-step': 'reserve', 'x-saga-attempt': 1, 'x-saga-participant': 'stock' },
      payload: {
        messageId: `${saga.id}:reserve:execute:1`,
        sagaId: saga.id,
        step: 'reserve',
        participant: 'stock',
        command: 'reserve',
        kind: 'execute',
        attempt: 1,
      },
      sent_at: null,
    });
    const payload = outbox[0].payload as { sentAt: string; deadline: string };
    expect(Date.parse(payload.deadline) - Date.parse(payload.sentAt)).toBe(60_000);

    expect(dispatcher.dispatched.map((m) => m.messageId)).toEqual([`${saga.id}:reserve:execute:1`, `${saga.id}:started`]);
    expect(dispatcher.dispatched[0]?.messageId).toBe(outbox[0].message_id);
  });

  it('refuses an input that breaks the schema with one pointer per problem, and writes nothing', async () => {
    const before = await rowCounts(sql);

    const error = await sagas.start({ definition: 'two-step', input: { amount: -1, email: 'nope', extra: true } }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(InvalidSagaInputError);
    expect((error as InvalidSagaInputError).issues.map((i) => i.pointer).sort()).toEqual(['/amount', '/email', '/extra', '/orderId'].sort());
    expect(await rowCounts(sql)).toEqual(before);
    expect(dispatcher.dispatched).toEqual([]);
  });

  it('refuses an unknown definition or version', async () => {
    await expect(sagas.start({ definition: 'nope', input: {} })).rejects.toBeInstanceOf(DefinitionNotFoundError);
    await expect(sagas.start({ definition: 'two-step', version: 7, input: {} })).rejects.toThrow('Saga definition "two-step" has no version 7.');
  });

  it('reads a saga, its events, and answers SagaNotFoundError for unknown or malformed ids', async () => {
    const { saga } = await sagas.start({ definition: 'two-step', input: { orderId: 'o-2', amount: 1 } });

    expect(await sagas.get(saga.id)).toEqual(saga);
    const events = await sagas.events(saga.id);
    expect(events.map((e) => e.type)).toEqual(['SagaStarted', 'StepStarted']);
    expect(events[1]).toMatchObject({ seq: 2, step: 'reserve', attempt: 1 });

    await expect(sagas.get('0190a000-0000-7000-8000-000000000000')).rejects.toBeInstanceOf(SagaNotFoundError);
    await expect(sagas.get('not-a-uuid')).rejects.toBeInstanceOf(SagaNotFoundError);
    await expect(sagas.events('0190a000-0000-7000-8000-000000000000')).rejects.toBeInstanceOf(SagaNotFoundError);
  });
});
