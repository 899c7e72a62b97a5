import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StepResult } from '@saga-coordinator/participant';
import { defineSaga } from '../../src/saga-engine/definition/saga-definition.builder.js';
import type { SagaClient } from '../support/saga-client.js';
import { createTestInfrastructure, eventually, type TestInfrastructure } from '../support/test-infrastructure.js';
import { startCoordinatorWithDefinitions, type RunningCoordinator } from './fixtures/coordinator-with-definitions.js';
import { postJson } from './fixtures/http.js';
import { Gate, startTestParticipant, type TestParticipant } from './fixtures/test-participant.js';

const PARTICIPANT = 'ops-desk';
const FINAL = ['COMPLETED', 'COMPENSATED', 'COMPENSATION_FAILED'];

/** reserve → approve → ship (the pivot). Compensations get 2 quick attempts, then wait for an operator. */
const definition = defineSaga('operator-test')
  .version(1)
  .input({
    type: 'object',
    properties: { key: { type: 'string' }, hold: { type: 'string' }, approval: { enum: ['granted', 'refused'] } },
    required: ['key'],
    additionalProperties: false,
  })
  .step('reserve', (s) =>
    s
      .participant(PARTICIPANT)
      .command('reserve')
      .compensation('release')
      .timeout(30_000)
      .retry({ maxAttempts: 1 })
      .compensationRetry({ maxAttempts: 2, initialDelayMs: 100, maxDelayMs: 100, backoffCoefficient: 1, jitter: 0 }),
  )
  .step('approve', (s) => s.participant(PARTICIPANT).command('approve').compensation('revoke').timeout(30_000).retry({ maxAttempts: 1 }))
  .step('ship', (s) => s.participant(PARTICIPANT).command('ship').pivot().timeout(30_000).retry({ maxAttempts: 1 }))
  .build();

interface OperatorInput {
  key: string;
  /** The step whose handler waits at the key's gate. */
  hold?: 'approve' | 'ship';
  approval?: 'granted' | 'refused';
}

/**
 * The operator API against a real coordinator process: cancel, retry and resolve, each checked
 * under the saga row lock, each recorded in the step log, each refusal a problem+json.
 */
describe('operator actions end to end', () => {
  let infra: TestInfrastructure;
  let coordinator: RunningCoordinator;
  let participant: TestParticipant;
  let client: SagaClient;
  const gates = new Map<string, Gate>();
  /** Keys whose `release` compensation throws (a warehouse that is offline). */
  const brokenRelease = new Set<string>();
  const releaseCalls = new Map<string, number>();

  const gateOf = (key: string): Gate => gates.get(key) ?? gates.set(key, new Gate()).get(key)!;
  const inputOf = (command: { payload: unknown }): OperatorInput => (command.payload as { input: OperatorInput }).input;

  beforeAll(async () => {
    infra = await createTestInfrastructure('saga_e2e_operator');
    coordinator = await startCoordinatorWithDefinitions(infra, [definition]);
    client = coordinator.client;
    participant = await startTestParticipant(infra, PARTICIPANT, (p) =>
      p
        .handle('reserve', async () => StepResult.succeeded({ reserved: true }))
        .compensate('release', async (command) => {
          const { key } = inputOf(command);
          releaseCalls.set(key, (releaseCalls.get(key) ?? 0) + 1);
          if (brokenRelease.has(key)) throw new Error('warehouse offline');
          return StepResult.compensated();
        })
        .handle('approve', async (command) => {
          const input = inputOf(command);
          if (input.hold === 'approve') await gateOf(input.key).pass();
          return input.approval === 'refused'
            ? StepResult.failed('not-approved', 'refused by the approver')
            : StepResult.succeeded({ approved: true });
        })
        .compensate('revoke', async () => StepResult.compensated())
        .handle('ship', async (command) => {
          const input = inputOf(command);
          if (input.hold === 'ship') await gateOf(input.key).pass();
          return StepResult.succeeded({ shipped: true });
        }),
    );
  });

  afterAll(async () => {
    for (const gate of gates.values()) gate.open();
    await participant?.stop();
    await coordinator?.process.stop();
    await infra?.dispose();
  });

  const start = async (input: OperatorInput): Promise<string> => {
    const started = await client.start(input, { definition: 'operator-test' });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    return started.body.id as string;
  };
  const cancel = (id: string, body?: unknown) => postJson(coordinator.baseUrl, `/v1/sagas/${id}/cancel`, body);
  const retry = (id: string) => postJson(coordinator.baseUrl, `/v1/sagas/${id}/retry`);
  const resolve = (id: string, step: string, body?: unknown) => postJson(coordinator.baseUrl, `/v1/sagas/${id}/steps/${step}/resolve`, body);
  const waitForGate = (key: string) => eventually(() => (gateOf(key).arrivals > 0 ? true : undefined), { what: `a handler at gate ${key}` });
  const compensationFailed = async (key: string): Promise<string> => {
    brokenRelease.add(key);
    const id = await start({ key, approval: 'refused' });
    const saga = await client.waitFor(id, FINAL);
    expect(saga.status).toBe('COMPENSATION_FAILED');
    return id;
  };

  it('cancels a running saga: the step in flight is awaited, then every done step is undone in reverse', async () => {
    const key = randomUUID();
    const id = await start({ key, hold: 'approve' });
    await waitForGate(key);

    const cancelled = await cancel(id, { reason: 'customer called to withdraw' });
    expect(cancelled.status).toBe(202);
    expect(cancelled.body).toMatchObject({ id, status: 'COMPENSATING' });

    const again = await cancel(id);
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ id, status: 'COMPENSATING' });

    gateOf(key).open();
    const saga = await client.waitFor(id, FINAL);
    expect(saga.status).toBe('COMPENSATED');
    expect(saga.steps.map((s: any) => [s.name, s.status])).toEqual([
      ['reserve', 'COMPENSATED'],
      ['approve', 'COMPENSATED'],
      ['ship', 'SKIPPED'],
    ]);
    const events = await client.events(id);
    expect(events.filter((e) => e.type === 'SagaCancelRequested').map((e) => e.data)).toEqual([{ reason: 'customer called to withdraw', by: null }]);
    expect(events.filter((e) => e.type === 'ReplyIgnored').map((e) => e.data)).toContainEqual(
      expect.objectContaining({ why: 'already-turning-back', trigger: 'CancelRequested' }),
    );
    expect(events.filter((e) => e.type === 'CompensationSucceeded').map((e) => e.step)).toEqual(['approve', 'reserve']);
  });

  it('refuses to cancel a finished saga with 409, the same answer every time, and changes nothing', async () => {
    const id = await start({ key: randomUUID() });
    expect((await client.waitFor(id, FINAL)).status).toBe('COMPLETED');
    const eventsBefore = await client.events(id);

    const first = await cancel(id, { reason: 'too late' });
    const second = await cancel(id);
    expect(first.status).toBe(409);
    expect(first.contentType).toContain('application/problem+json');
    expect(first.body).toMatchObject({
      type: 'urn:saga-coordinator:problem:saga-not-cancellable',
      status: 409,
      detail: `Saga ${id} cannot be cancelled: it is COMPLETED.`,
      instance: `/v1/sagas/${id}/cancel`,
    });
    expect(second.status).toBe(409);
    expect(second.body.detail).toBe(first.body.detail);
    expect(await client.events(id)).toEqual(eventsBefore);
  });

  it('refuses to cancel once the pivot has started, naming the step, and the saga goes on to complete', async () => {
    const key = randomUUID();
    const id = await start({ key, hold: 'ship' });
    await waitForGate(key);

    const refused = await cancel(id);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toBe(
      `Saga ${id} cannot be cancelled: step "ship" is past the point of no return (it has started), so the saga can only go forward.`,
    );
    gateOf(key).open();
    expect((await client.waitFor(id, FINAL)).status).toBe('COMPLETED');
  });

  it('retries a COMPENSATION_FAILED saga: the failed compensation runs again and the saga ends COMPENSATED', async () => {
    const key = randomUUID();
    const id = await compensationFailed(key);
    const stuck = await client.get(id);
    expect(stuck.body.steps.map((s: any) => [s.name, s.status])).toEqual([
      ['reserve', 'COMPENSATION_FAILED'],
      ['approve', 'FAILED'],
      ['ship', 'SKIPPED'],
    ]);
    expect(releaseCalls.get(key)).toBe(2);

    brokenRelease.delete(key);
    const retried = await retry(id);
    expect(retried.status).toBe(202);
    expect(retried.body).toMatchObject({ id, status: 'COMPENSATING' });

    expect((await client.waitFor(id, FINAL)).status).toBe('COMPENSATED');
    expect(releaseCalls.get(key)).toBe(3);
    const types = (await client.events(id)).map((e) => e.type);
    expect(types.slice(types.indexOf('SagaCompensationFailed'))).toEqual([
      'SagaCompensationFailed',
      'SagaRetryRequested',
      'CompensationStarted',
      'CompensationSucceeded',
      'SagaCompensated',
    ]);
  });

  it('refuses a retry of a saga that is not COMPENSATION_FAILED with 409', async () => {
    const id = await start({ key: randomUUID() });
    expect((await client.waitFor(id, FINAL)).status).toBe('COMPLETED');
    const refused = await retry(id);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      type: 'urn:saga-coordinator:problem:saga-not-retriable',
      detail: `Saga ${id} cannot be retried: it is COMPLETED, and only a COMPENSATION_FAILED saga can be.`,
    });
  });

  it('resolves a step undone by hand: the reason is logged, the compensation is not run again, the saga ends COMPENSATED', async () => {
    const key = randomUUID();
    const id = await compensationFailed(key);

    expect((await resolve(id, 'unload', { reason: 'x' })).body).toMatchObject({ status: 404, type: 'urn:saga-coordinator:problem:step-not-found' });
    expect((await resolve(id, 'approve', { reason: 'x' })).body).toMatchObject({
      status: 409,
      detail: `Step "approve" of saga ${id} cannot be resolved: it is FAILED, and only a step in COMPENSATION_FAILED can be.`,
    });
    expect((await resolve(id, 'reserve')).status).toBe(422);
    expect((await resolve(id, 'reserve', { reason: '' })).body).toMatchObject({
      status: 422,
      errors: [expect.objectContaining({ pointer: '/reason' })],
    });
    expect((await resolve(id, 'reserve', { reason: 'r'.repeat(2001) })).status).toBe(422);
    expect((await resolve(id, 'reserve', { reason: 'ok', extra: true })).status).toBe(422);

    const resolved = await resolve(id, 'reserve', { reason: 'stock released by hand, ticket OPS-7' });
    expect(resolved.status).toBe(202);
    const saga = await client.waitFor(id, FINAL);
    expect(saga.status).toBe('COMPENSATED');
    expect(saga.steps[0]).toMatchObject({
      name: 'reserve',
      status: 'COMPENSATED',
      compensation: { resolvedBy: { reason: 'stock released by hand, ticket OPS-7', by: null } },
    });
    expect(releaseCalls.get(key)).toBe(2);
    const events = await client.events(id);
    expect(events.filter((e) => e.type === 'StepResolvedByOperator').map((e) => [e.step, e.data])).toEqual([
      ['reserve', { reason: 'stock released by hand, ticket OPS-7', by: null }],
    ]);
    expect(events.at(-1)?.type).toBe('SagaCompensated');

    const late = await resolve(id, 'reserve', { reason: 'again' });
    expect(late.status).toBe(409);
  });

  it('lets only one of two operators acting at once win: the other sees the new state and gets 409', async () => {
    const key = randomUUID();
    const id = await compensationFailed(key);
    // Whichever action wins, the saga can then finish.
    brokenRelease.delete(key);

    const answers = await Promise.all([
      resolve(id, 'reserve', { reason: 'undone by hand, operator A' }),
      resolve(id, 'reserve', { reason: 'undone by hand, operator B' }),
      retry(id),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([202, 409, 409]);
    expect((await client.waitFor(id, FINAL)).status).toBe('COMPENSATED');
    const operatorEntries = (await client.events(id)).filter((e) => ['StepResolvedByOperator', 'SagaRetryRequested'].includes(e.type));
    expect(operatorEntries).toHaveLength(1);
  });

  it('answers 404 for an unknown saga and 400 for a malformed id on every operator endpoint', async () => {
    const unknown = randomUUID();
    for (const response of [await cancel(unknown), await retry(unknown), await resolve(unknown, 'reserve', { reason: 'x' })]) {
      expect(response.status).toBe(404);
      expect(response.body.type).toBe('urn:saga-coordinator:problem:saga-not-found');
    }
    expect((await cancel('not-a-uuid')).status).toBe(400);
    expect((await resolve(unknown, 'Bad Step!', { reason: 'x' })).status).toBe(400);
  });
});
