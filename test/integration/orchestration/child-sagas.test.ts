import { Test } from '@nestjs/testing';
import type { INestApplication } from '@nestjs/common';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAppConfig } from '../../../src/config/app-config.js';
import { AppConfigModule } from '../../../src/config/app-config.module.js';
import { commandMessageId, replyMessageId, type StepReplyMessage } from '@saga-coordinator/contracts';
import { ObservabilityModule } from '../../../src/observability/observability.module.js';
import { MessagingModule } from '../../../src/messaging/messaging.module.js';
import { DefinitionCatalogService } from '../../../src/orchestration/definitions/definition-catalog.service.js';
import { InvalidSagaDefinitionError } from '../../../src/orchestration/errors/invalid-saga-definition.error.js';
import { OrchestrationModule } from '../../../src/orchestration/orchestration.module.js';
import { DecisionWriter } from '../../../src/runtime/decisions/decision-writer.service.js';
import { InboundMessageHandler } from '../../../src/runtime/inbound/inbound-message-handler.port.js';
import { SagaStore } from '../../../src/runtime/ports/saga-store.port.js';
import { SagaService } from '../../../src/orchestration/sagas/saga.service.js';
import { childSagaId } from '../../../src/runtime/children/child-saga-messages.mapper.js';
import { PersistenceModule } from '../../../src/persistence/persistence.module.js';
import { createTestInfrastructure, eventually, type TestInfrastructure } from '../../support/test-infrastructure.js';
import { sqlClient } from './support/orchestration-test-app.js';

const step = (name: string) => ({ name, participant: 'p', command: name, compensation: `undo-${name}`, timeoutMs: 60_000 });
const paymentFlow = {
  name: 'payment-flow',
  inputSchema: { type: 'object', required: ['amount'], properties: { amount: { type: 'number' } } },
  steps: [step('authorize'), step('capture')],
};
const checkout = {
  name: 'checkout',
  steps: [
    step('reserve'),
    { type: 'child', name: 'pay', definition: { name: 'payment-flow' }, input: { amount: { var: 'input.amount' } } },
    step('ship'),
  ],
};

// Three levels: top → mid → leaf, each child the first node, so one start creates all three.
const leafFlow = { name: 'leaf-flow', steps: [step('leaf-a'), step('leaf-b')] };
const midFlow = { name: 'mid-flow', steps: [{ type: 'child', name: 'run-leaf', definition: { name: 'leaf-flow' } }, step('mid-after')] };
const topFlow = { name: 'top-flow', steps: [{ type: 'child', name: 'run-mid', definition: { name: 'mid-flow' } }, step('top-after')] };

/**
 * Child sagas on the real PostgreSQL and RabbitMQ: the child row is created in the parent's
 * transaction, and parent and child tell each other through the outbox, the `saga.coordinator`
 * exchange and the coordinator's own queue (participants are played by direct replies).
 */
describe('child sagas', () => {
  let infra: TestInfrastructure;
  let app: INestApplication;
  let sagas: SagaService;
  let runtime: InboundMessageHandler;
  let sql: pg.Client;

  beforeAll(async () => {
    infra = await createTestInfrastructure('orch_children');
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
        OrchestrationModule.forRoot(),
        MessagingModule,
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: ['error'] });
    await app.init();
    sagas = app.get(SagaService);
    runtime = app.get(InboundMessageHandler);
    sql = await sqlClient(infra.databaseUrl);
    const catalog = app.get(DefinitionCatalogService);
    await catalog.registerJson(paymentFlow);
    await catalog.registerJson(checkout);
    for (const definition of [leafFlow, midFlow, topFlow]) await catalog.registerJson(definition);
  });

  afterAll(async () => {
    await sql?.end();
    await app?.close();
    await infra?.dispose();
  });

  const reply = (sagaId: string, name: string, kind: 'execute' | 'compensate', outcome: StepReplyMessage['outcome'], attempt = 1) => {
    const commandId = commandMessageId(sagaId, name, kind, attempt);
    return runtime.handleReply({
      messageId: replyMessageId(commandId),
      inReplyTo: commandId,
      sagaId,
      step: name,
      participant: 'p',
      kind,
      attempt,
      outcome,
      ...(outcome === 'succeeded' ? { output: { ref: `${name}-ref` } } : {}),
      ...(outcome === 'failed' ? { failure: { code: 'declined', message: `${name} declined` } } : {}),
      repliedAt: new Date().toISOString(),
    });
  };
  const stepOf = async (sagaId: string, name: string) => (await sagas.get(sagaId)).steps.find((s) => s.name === name)!;
  const statusIs = (sagaId: string, status: string) =>
    eventually(async () => ((await sagas.get(sagaId)).status === status ? true : undefined), { what: `saga ${sagaId} ${status}` });
  const stepStatusIs = (sagaId: string, name: string, status: string) =>
    eventually(async () => ((await stepOf(sagaId, name)).status === status ? true : undefined), { what: `${name} ${status}` });
  const eventTypes = async (sagaId: string) => (await sagas.events(sagaId)).map((event) => `${event.type}${event.step ? ` ${event.step}` : ''}`);

  it('creates the child in the parent transaction with an id derived from the parent, linked to it, and completes the parent when the child completes', async () => {
    const { saga } = await sagas.start({ definition: 'checkout', input: { amount: 12 } });
    await reply(saga.id, 'reserve', 'execute', 'succeeded');
    const childId = childSagaId(saga.id, 'pay');
    const { rows } = await sql.query('SELECT parent_saga_id, parent_step, definition_name, input FROM saga WHERE id = $1', [childId]);
    expect(rows).toEqual([{ parent_saga_id: saga.id, parent_step: 'pay', definition_name: 'payment-flow', input: { amount: 12 } }]);
    const child = await sagas.get(childId);
    expect([child.parentSagaId, child.parentStep, child.status]).toEqual([saga.id, 'pay', 'RUNNING']);
    expect((await stepOf(saga.id, 'pay')).child).toEqual({ definition: 'payment-flow', version: null, sagaId: childId, status: null });

    await reply(childId, 'authorize', 'execute', 'succeeded');
    await reply(childId, 'capture', 'execute', 'succeeded');
    await statusIs(childId, 'COMPLETED');
    // The notice travels through RabbitMQ to the parent, which then sends ship's command.
    await stepStatusIs(saga.id, 'pay', 'SUCCEEDED');
    const pay = await stepOf(saga.id, 'pay');
    expect(pay.child?.status).toBe('COMPLETED');
    expect(pay.output).toEqual({ authorize: { ref: 'authorize-ref' }, capture: { ref: 'capture-ref' } });
    await reply(saga.id, 'ship', 'execute', 'succeeded');
    await statusIs(saga.id, 'COMPLETED');
    expect(await eventTypes(saga.id)).toEqual(expect.arrayContaining(['ChildSagaStarted pay', 'ChildSagaCompleted pay']));
  });

  it('compensates a completed child when a later step fails, and undoes the step before it only once the child is COMPENSATED', async () => {
    const { saga } = await sagas.start({ definition: 'checkout', input: { amount: 5 } });
    const childId = childSagaId(saga.id, 'pay');
    await reply(saga.id, 'reserve', 'execute', 'succeeded');
    await reply(childId, 'authorize', 'execute', 'succeeded');
    await reply(childId, 'capture', 'execute', 'succeeded');
    await stepStatusIs(saga.id, 'pay', 'SUCCEEDED');
    await reply(saga.id, 'ship', 'execute', 'failed');

    // The request reaches the completed child through RabbitMQ: it undoes its own steps in reverse.
    await statusIs(childId, 'COMPENSATING');
    expect((await stepOf(saga.id, 'reserve')).status).toBe('SUCCEEDED');
    await reply(childId, 'capture', 'compensate', 'compensated');
    await reply(childId, 'authorize', 'compensate', 'compensated');
    await statusIs(childId, 'COMPENSATED');
    await stepStatusIs(saga.id, 'reserve', 'COMPENSATING');
    await reply(saga.id, 'reserve', 'compensate', 'compensated');
    await statusIs(saga.id, 'COMPENSATED');

    const childEvents = await eventTypes(childId);
    expect(childEvents.filter((type) => type.startsWith('CompensationSucceeded'))).toEqual([
      'CompensationSucceeded capture',
      'CompensationSucceeded authorize',
    ]);
    const parentEvents = await eventTypes(saga.id);
    expect(parentEvents.indexOf('ChildSagaCompensated pay')).toBeLessThan(parentEvents.indexOf('CompensationStarted reserve'));
    expect((await stepOf(saga.id, 'pay')).child?.status).toBe('COMPENSATED');
  });

  it('fails the child node with nothing to undo when the child fails, and compensates only the steps before it', async () => {
    const { saga } = await sagas.start({ definition: 'checkout', input: { amount: 5 } });
    const childId = childSagaId(saga.id, 'pay');
    await reply(saga.id, 'reserve', 'execute', 'succeeded');
    await reply(childId, 'authorize', 'execute', 'failed');
    await statusIs(childId, 'COMPENSATED');
    await stepStatusIs(saga.id, 'reserve', 'COMPENSATING');
    const pay = await stepOf(saga.id, 'pay');
    expect([pay.status, pay.error?.code, pay.compensation]).toEqual(['FAILED', 'declined', null]);
    await reply(saga.id, 'reserve', 'compensate', 'compensated');
    await statusIs(saga.id, 'COMPENSATED');
  });

  it('propagates a cancel of the parent to its running child, and finishes once the child has undone itself', async () => {
    const { saga } = await sagas.start({ definition: 'checkout', input: { amount: 5 } });
    const childId = childSagaId(saga.id, 'pay');
    await reply(saga.id, 'reserve', 'execute', 'succeeded');
    await reply(childId, 'authorize', 'execute', 'succeeded');
    await sagas.cancel(saga.id, { reason: 'customer left' });
    await statusIs(childId, 'COMPENSATING');
    // capture was out when the cancel came: its outcome decides whether it is undone too.
    await reply(childId, 'capture', 'execute', 'succeeded');
    await reply(childId, 'capture', 'compensate', 'compensated');
    await reply(childId, 'authorize', 'compensate', 'compensated');
    await statusIs(childId, 'COMPENSATED');
    await stepStatusIs(saga.id, 'reserve', 'COMPENSATING');
    await reply(saga.id, 'reserve', 'compensate', 'compensated');
    await statusIs(saga.id, 'COMPENSATED');
    expect(await eventTypes(childId)).toContain('ParentCompensationRequested');
  });

  it('ignores a redelivered notice (the inbox) and never creates a second child', async () => {
    const { saga } = await sagas.start({ definition: 'checkout', input: { amount: 5 } });
    const childId = childSagaId(saga.id, 'pay');
    await reply(saga.id, 'reserve', 'execute', 'succeeded');
    await reply(childId, 'authorize', 'execute', 'failed');
    await statusIs(childId, 'COMPENSATED');
    const notice = {
      messageId: `${childId}:finished:1`,
      parentSagaId: saga.id,
      step: 'pay',
      childSagaId: childId,
      status: 'COMPENSATED' as const,
      sentAt: new Date().toISOString(),
    };
    await stepStatusIs(saga.id, 'pay', 'FAILED');
    await expect(runtime.handleCoordinatorMessage({ type: 'child-finished', message: notice })).resolves.toEqual({ kind: 'duplicate' });
    const { rows } = await sql.query('SELECT count(*)::int AS n FROM saga WHERE parent_saga_id = $1', [saga.id]);
    expect(rows[0].n).toBe(1);
  });

  it('creates a child once even when its start is applied again (the id is derived from parent and node)', async () => {
    const { saga } = await sagas.start({ definition: 'checkout', input: { amount: 5 } });
    await reply(saga.id, 'reserve', 'execute', 'succeeded');
    const definition = await app.get(DefinitionCatalogService).resolve('checkout');
    const again = await app
      .get(SagaStore)
      .transaction((tx) =>
        app
          .get(DecisionWriter)
          .startChildren(tx, saga.id, definition, [{ step: 'pay', definition: { name: 'payment-flow' }, input: { amount: 5 } }], {}),
      );
    expect(again).toEqual({ sagas: [], outbox: [] });
    const { rows } = await sql.query('SELECT count(*)::int AS n FROM saga WHERE parent_saga_id = $1', [saga.id]);
    expect(rows[0].n).toBe(1);
    const commands = await sql.query(`SELECT count(*)::int AS n FROM outbox_message WHERE message_id = $1`, [
      `${childSagaId(saga.id, 'pay')}:authorize:execute:1`,
    ]);
    expect(commands.rows[0].n).toBe(1);
  });

  it('tells the parent at once when the child input does not fit the child schema, creating no child', async () => {
    const { saga } = await sagas.start({ definition: 'checkout', input: { amount: 'twelve' } });
    await reply(saga.id, 'reserve', 'execute', 'succeeded');
    await stepStatusIs(saga.id, 'pay', 'FAILED');
    const pay = await stepOf(saga.id, 'pay');
    expect(pay.error).toMatchObject({ code: 'child-not-started', message: expect.stringContaining('/amount') });
    expect(pay.child?.sagaId).toBeNull();
    const { rows } = await sql.query('SELECT count(*)::int AS n FROM saga WHERE parent_saga_id = $1', [saga.id]);
    expect(rows[0].n).toBe(0);
    // A cancel that raced the refusal reaches no child: acknowledged, nothing dead-lettered.
    const cancel = {
      messageId: `${saga.id}:pay:cancel-child`,
      childSagaId: childSagaId(saga.id, 'pay'),
      parentSagaId: saga.id,
      step: 'pay',
      reason: 'cancel' as const,
      sentAt: new Date().toISOString(),
    };
    await expect(runtime.handleCoordinatorMessage({ type: 'compensate-child', message: cancel })).resolves.toEqual({ kind: 'duplicate' });
  });

  it("refuses a compensate request from a saga that is not the child's parent", async () => {
    const { saga } = await sagas.start({ definition: 'checkout', input: { amount: 5 } });
    await reply(saga.id, 'reserve', 'execute', 'succeeded');
    const childId = childSagaId(saga.id, 'pay');
    const stranger = '0190a000-0000-7000-8000-00000000abcd';
    const forged = {
      messageId: `${stranger}:pay:cancel-child`,
      childSagaId: childId,
      parentSagaId: stranger,
      step: 'pay',
      reason: 'cancel' as const,
      sentAt: new Date().toISOString(),
    };
    await expect(runtime.handleCoordinatorMessage({ type: 'compensate-child', message: forged })).resolves.toEqual({
      kind: 'rejected',
      reason: `saga ${childId} is not a child of ${stranger}`,
    });
    expect((await sagas.get(childId)).status).toBe('RUNNING');
  });

  it('refuses a definition whose child would start it again, with the pointer and the cycle', async () => {
    const catalog = app.get(DefinitionCatalogService);
    await catalog.registerJson({ name: 'ledger', steps: [step('post')] });
    await catalog.registerJson({ name: 'billing', steps: [{ type: 'child', name: 'post-ledger', definition: { name: 'ledger' } }] });
    const looping = { name: 'ledger', steps: [step('post'), { type: 'child', name: 'rebill', definition: { name: 'billing' } }] };
    await expect(catalog.registerJson(looping)).rejects.toBeInstanceOf(InvalidSagaDefinitionError);
    await expect(catalog.registerJson(looping)).rejects.toMatchObject({
      problems: [
        {
          pointer: '/steps/1/definition/name',
          message:
            'Child step "rebill" starts "billing", which starts "ledger" again (ledger → billing → ledger): child sagas that start each other never end.',
        },
      ],
    });
  });

  describe('three levels (issue 13, item 6)', () => {
    const startThreeLevels = async () => {
      const { saga } = await sagas.start({ definition: 'top-flow', input: { order: 'nested' } });
      const midId = childSagaId(saga.id, 'run-mid');
      const leafId = childSagaId(midId, 'run-leaf');
      return { topId: saga.id, midId, leafId };
    };

    it('starts top, mid and leaf in the start transaction, each linked to its parent, and completes them from the leaf up', async () => {
      const { topId, midId, leafId } = await startThreeLevels();
      const { rows } = await sql.query('SELECT id, parent_saga_id, parent_step, status FROM saga WHERE id = ANY($1) ORDER BY created_at, id', [
        [topId, midId, leafId],
      ]);
      expect(rows).toEqual(
        expect.arrayContaining([
          { id: midId, parent_saga_id: topId, parent_step: 'run-mid', status: 'RUNNING' },
          { id: leafId, parent_saga_id: midId, parent_step: 'run-leaf', status: 'RUNNING' },
        ]),
      );
      expect((await sagas.get(leafId)).steps.find((s) => s.name === 'leaf-a')?.status).toBe('RUNNING');
      // Each child records how deep it is, so its own children are refused past the limit.
      const depths = await sql.query(`SELECT id, state->'parent'->>'depth' AS depth FROM saga WHERE id = ANY($1)`, [[midId, leafId]]);
      expect(Object.fromEntries(depths.rows.map((row: { id: string; depth: string }) => [row.id, row.depth]))).toEqual({
        [midId]: '1',
        [leafId]: '2',
      });

      await reply(leafId, 'leaf-a', 'execute', 'succeeded');
      await reply(leafId, 'leaf-b', 'execute', 'succeeded');
      await statusIs(leafId, 'COMPLETED');
      await stepStatusIs(midId, 'run-leaf', 'SUCCEEDED');
      await stepStatusIs(midId, 'mid-after', 'RUNNING');
      await reply(midId, 'mid-after', 'execute', 'succeeded');
      await statusIs(midId, 'COMPLETED');
      await stepStatusIs(topId, 'run-mid', 'SUCCEEDED');
      expect((await stepOf(topId, 'run-mid')).output).toEqual({
        'run-leaf': { 'leaf-a': { ref: 'leaf-a-ref' }, 'leaf-b': { ref: 'leaf-b-ref' } },
        'mid-after': { ref: 'mid-after-ref' },
      });
      await stepStatusIs(topId, 'top-after', 'RUNNING');
      await reply(topId, 'top-after', 'execute', 'succeeded');
      await statusIs(topId, 'COMPLETED');
    });

    it('compensates all three levels in reverse when the top fails after its child completed', async () => {
      const { topId, midId, leafId } = await startThreeLevels();
      await reply(leafId, 'leaf-a', 'execute', 'succeeded');
      await reply(leafId, 'leaf-b', 'execute', 'succeeded');
      await stepStatusIs(midId, 'mid-after', 'RUNNING');
      await reply(midId, 'mid-after', 'execute', 'succeeded');
      await stepStatusIs(topId, 'top-after', 'RUNNING');
      await reply(topId, 'top-after', 'execute', 'failed');

      // top asks mid to undo itself; mid undoes its own step, then asks leaf.
      await statusIs(midId, 'COMPENSATING');
      await stepStatusIs(midId, 'mid-after', 'COMPENSATING');
      await reply(midId, 'mid-after', 'compensate', 'compensated');
      await statusIs(leafId, 'COMPENSATING');
      await stepStatusIs(leafId, 'leaf-b', 'COMPENSATING');
      await reply(leafId, 'leaf-b', 'compensate', 'compensated');
      await stepStatusIs(leafId, 'leaf-a', 'COMPENSATING');
      await reply(leafId, 'leaf-a', 'compensate', 'compensated');
      await statusIs(leafId, 'COMPENSATED');
      await statusIs(midId, 'COMPENSATED');
      await statusIs(topId, 'COMPENSATED');
      expect((await stepOf(topId, 'run-mid')).child?.status).toBe('COMPENSATED');
      expect((await stepOf(midId, 'run-leaf')).child?.status).toBe('COMPENSATED');
    });

    it('refuses at registration a definition whose child sagas would nest past the limit, with the pointer and the chain', async () => {
      const catalog = app.get(DefinitionCatalogService);
      // top-flow → mid-flow → leaf-flow is two levels; on top of deep-1 → top-flow it is three (the limit), one more is refused.
      await catalog.registerJson({ name: 'deep-1', steps: [{ type: 'child', name: 'run-top', definition: { name: 'top-flow' } }] });
      const tooDeep = { name: 'deep-0', steps: [step('first'), { type: 'child', name: 'run-deep', definition: { name: 'deep-1' } }] };
      await expect(catalog.registerJson(tooDeep)).rejects.toMatchObject({
        problems: [
          {
            pointer: '/steps/1/definition/name',
            message:
              'Child step "run-deep" starts "deep-1", which makes child sagas nest 4 levels deep (deep-0 → deep-1 → top-flow → mid-flow → leaf-flow); at most 3 levels are allowed.',
          },
        ],
      });
      const { rows } = await sql.query(`SELECT count(*)::int AS n FROM saga_definition WHERE name = 'deep-0'`);
      expect(rows[0].n).toBe(0);
    });
  });
});
