import { Global, Injectable, Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { loadAppConfig } from '../config/app-config.js';
import { AppConfigModule } from '../config/app-config.module.js';
import { ObservabilityModule } from '../observability/observability.module.js';
import type { ChildDefinition, SagaDefinition } from '../saga-engine/definition/saga-definition.js';
import { SagaNotCancellableError } from '../saga-engine/errors/saga-not-cancellable.error.js';
import { testSaga, testStep } from '../saga-engine/testing/definition-fixture.js';
import type { SagaTrigger } from '../saga-engine/triggers/saga-trigger.js';
import { DefinitionSource } from './ports/definition-source.port.js';
import { SagaStore } from './ports/saga-store.port.js';
import { AfterCommit } from './post-commit/after-commit.decorator.js';
import type { CommittedChange } from './post-commit/committed-change.js';
import { type PostCommitListener, PostCommitOrder } from './post-commit/post-commit-listener.js';
import { RuntimeModule } from './runtime.module.js';
import { SagaRuntime } from './saga-runtime.service.js';
import { InMemoryDefinitionSource } from './testing/in-memory-definition-source.js';
import { InMemorySagaStore } from './testing/in-memory-saga-store.js';
import { TimerScheduler } from './timers/timer-scheduler.service.js';

const NOW = '2026-01-01T00:00:00.000Z';
const twoSteps = testSaga(['reserve', 'charge'], { name: 'two-steps' });
const payment = testSaga(['authorize'], { name: 'payment-flow' });
const pay: ChildDefinition = { type: 'child', name: 'pay', definition: { name: 'payment-flow' }, kind: 'compensatable' };
const withChild: SagaDefinition = { ...testSaga([], { name: 'checkout' }), steps: [pay, testStep('ship')] };

/** What the listeners saw, in call order, and whether the change was committed when they saw it. */
const calls: { listener: string; change: CommittedChange; committed: boolean }[] = [];
let store: InMemorySagaStore;
/** The store's database clock. */
let clock = NOW;

@Injectable()
@AfterCommit({ order: PostCommitOrder.wake })
class LateListener implements PostCommitListener {
  afterCommit(change: CommittedChange): void {
    calls.push({ listener: 'late', change, committed: store.commits > 0 });
  }
}

@Injectable()
@AfterCommit({ order: PostCommitOrder.publish })
class ThrowingListener implements PostCommitListener {
  afterCommit(change: CommittedChange): void {
    calls.push({ listener: 'throwing', change, committed: store.commits > 0 });
    throw new Error('the broker client blew up');
  }
}

@Injectable()
@AfterCommit({ order: PostCommitOrder.observe })
class ObservingListener implements PostCommitListener {
  afterCommit(change: CommittedChange): void {
    calls.push({ listener: 'observing', change, committed: store.commits > 0 });
  }
}

let moduleRef: TestingModule;
let runtime: SagaRuntime;

/** The runtime module as production wires it, on the in-memory store; listeners registered in the "wrong" order on purpose. */
async function givenRuntime(definitions: readonly SagaDefinition[] = [twoSteps, payment, withChild]): Promise<void> {
  calls.length = 0;
  clock = NOW;
  store = new InMemorySagaStore({ now: () => clock, definitionVersions: Object.fromEntries(definitions.map((d) => [d.name, d.version])) });
  // The ports the composition root would provide (persistence, orchestration), app-wide.
  @Global()
  @Module({
    providers: [
      { provide: SagaStore, useValue: store },
      { provide: DefinitionSource, useValue: new InMemoryDefinitionSource(definitions) },
    ],
    exports: [SagaStore, DefinitionSource],
  })
  class InMemoryPortsModule {}
  moduleRef = await Test.createTestingModule({
    imports: [
      AppConfigModule.forRoot(loadAppConfig({ TIMER_POLL_INTERVAL_MS: '60000' })),
      ObservabilityModule.forRoot(),
      InMemoryPortsModule,
      RuntimeModule,
    ],
    providers: [LateListener, ThrowingListener, ObservingListener],
  }).compile();
  // The throwing listener's error line is expected: keep the output for failures.
  moduleRef.useLogger(false);
  await moduleRef.init();
  // The tests fire timers themselves (fireDueTimers), on the store's clock.
  await moduleRef.get(TimerScheduler).stop();
  runtime = moduleRef.get(SagaRuntime);
}

afterEach(async () => {
  await moduleRef?.close();
});

/** Starts a saga of `definition` and forgets the listener calls the start made. */
async function started(definition: SagaDefinition = twoSteps): Promise<string> {
  const { saga } = await runtime.create({ prepare: async () => ({ definition, input: { orderId: 'o-1' } }) });
  calls.length = 0;
  return saga.id;
}

const reserveSucceeded: SagaTrigger = {
  type: 'StepReplyReceived',
  step: 'reserve',
  kind: 'execute',
  attempt: 1,
  outcome: 'succeeded',
  output: { reservation: 'r-1' },
};

describe(SagaRuntime.name, () => {
  it('applies a reply once: a second delivery of the same message id is a duplicate and changes nothing', async () => {
    await givenRuntime();
    const id = await started();

    const first = await runtime.apply(id, reserveSucceeded, { inbound: 'reply-1' });
    const stateAfterFirst = (await store.find(id))?.state;
    const second = await runtime.apply(id, reserveSucceeded, { inbound: 'reply-1' });

    expect(first.kind).toBe('applied');
    expect(second.kind).toBe('duplicate');
    expect((await store.find(id))?.state).toEqual(stateAfterFirst);
    expect(store.outbox().filter((row) => row.message.messageId === `${id}:charge:execute:1`)).toHaveLength(1);
    // Only the applied delivery reached the listeners.
    expect(calls.filter((call) => call.listener === 'observing')).toHaveLength(1);
  });

  it('drops an exact duplicate reply without a step-log entry, and records a stale reply with a new id as ReplyIgnored (docs/participants.md)', async () => {
    await givenRuntime();
    const id = await started();
    await runtime.apply(id, reserveSucceeded, { inbound: 'reply-1' });
    const logged = (await store.events(id)).length;

    // The same message id again (a redelivery): the inbox drops it, the log does not grow.
    expect((await runtime.apply(id, reserveSucceeded, { inbound: 'reply-1' })).kind).toBe('duplicate');
    expect(await store.events(id)).toHaveLength(logged);

    // Another message id (a participant's fence answering attempt 2 after attempt 1 succeeded): recorded, ignored.
    const lateSecond = await runtime.apply(id, { ...reserveSucceeded, attempt: 2 }, { inbound: 'reply-2' });
    expect(lateSecond.kind).toBe('applied');
    const events = await store.events(id);
    expect(events.slice(logged).map((event) => [event.type, event.step, event.data])).toEqual([
      ['ReplyIgnored', 'reserve', { why: 'step-not-running', trigger: 'StepReplyReceived', kind: 'execute', outcome: 'succeeded' }],
    ]);
  });

  it('calls the post-commit listeners only once the transaction committed, with what it wrote', async () => {
    await givenRuntime();
    const id = await started();
    const commitsBefore = store.commits;

    await runtime.apply(id, reserveSucceeded, { inbound: 'reply-1' });

    expect(store.commits).toBe(commitsBefore + 1);
    const seen = calls.find((call) => call.listener === 'observing')!;
    expect(seen.committed).toBe(true);
    expect(seen.change.trigger).toBe('StepReplyReceived');
    expect(seen.change.sagas.map((saga) => saga.sagaId)).toEqual([id]);
    expect(seen.change.outbox.map((message) => message.messageId)).toEqual([`${id}:charge:execute:1`]);
    // The reply marked the command it answers sent in the same transaction.
    expect(seen.change.answered).toBe(`${id}:reserve:execute:1`);
    expect(store.outbox().find((row) => row.message.messageId === `${id}:reserve:execute:1`)?.sentAt).toBe(NOW);
  });

  it('calls the listeners in their order, whatever order they were registered in', async () => {
    await givenRuntime();
    await started();
    const id = await started();

    await runtime.apply(id, reserveSucceeded);

    expect(calls.map((call) => call.listener)).toEqual(['throwing', 'observing', 'late']);
  });

  it('does not fail a committed call when a listener throws, and still runs the listeners after it', async () => {
    await givenRuntime();
    const id = await started();

    await expect(runtime.apply(id, reserveSucceeded)).resolves.toMatchObject({ kind: 'applied' });

    expect(calls.map((call) => call.listener)).toContain('late');
    expect((await store.find(id))?.state.steps['reserve']?.status).toBe('SUCCEEDED');
  });

  it('refuses an operator action the saga cannot take with the engine refusal, changing nothing and calling no listener', async () => {
    await givenRuntime();
    const id = await started();
    await runtime.apply(id, { type: 'CancelRequested', reason: 'changed my mind' });
    await runtime.apply(id, {
      type: 'StepReplyReceived',
      step: 'reserve',
      kind: 'execute',
      attempt: 1,
      outcome: 'failed',
      failure: { code: 'x', message: 'no' },
    });
    calls.length = 0;
    const before = { state: (await store.find(id))?.state, commits: store.commits, outbox: store.outbox().length };

    const refusal = runtime.apply(
      id,
      { type: 'CancelRequested' },
      { alsoWrite: async () => expect.unreachable('no audit row for a refused action') },
    );

    await expect(refusal).rejects.toBeInstanceOf(SagaNotCancellableError);
    await expect(refusal).rejects.toThrow(`Saga ${id} cannot be cancelled: it is COMPENSATED.`);
    expect({ state: (await store.find(id))?.state, commits: store.commits, outbox: store.outbox().length }).toEqual(before);
    expect(calls).toEqual([]);
  });

  it('rolls back a refused message: the inbox does not keep its id, so nothing is remembered', async () => {
    await givenRuntime();
    const id = await started();

    const outcome = await runtime.apply(id, reserveSucceeded, { inbound: 'forged-1', refuse: () => 'participant mallory does not own step reserve' });

    expect(outcome).toMatchObject({ kind: 'rejected', reason: 'participant mallory does not own step reserve' });
    expect(store.inbox()).not.toContain('forged-1');
    expect((await store.find(id))?.state.steps['reserve']?.status).toBe('RUNNING');
    expect(calls).toEqual([]);
  });

  it('answers not-found for an unknown saga and writes nothing', async () => {
    await givenRuntime();
    const commits = store.commits;

    expect(await runtime.apply('0190a000-0000-7000-8000-000000000000', reserveSucceeded, { inbound: 'reply-x' })).toEqual({ kind: 'not-found' });
    expect(store.inbox()).toEqual([]);
    expect(store.commits).toBe(commits + 1);
  });

  it("writes the caller's rows in the same transaction as the decision", async () => {
    await givenRuntime();
    const id = await started();
    const seen: string[] = [];

    await runtime.apply(id, { type: 'CancelRequested' }, { alsoWrite: async (_tx, saga) => void seen.push(`audit ${saga.id}`) });

    expect(seen).toEqual([`audit ${id}`]);
    expect((await store.find(id))?.status).toBe('COMPENSATING');
  });

  it('answers an idempotent start with the saga created first, without calling the listeners again', async () => {
    await givenRuntime();
    const first = await runtime.create({ prepare: async () => ({ definition: twoSteps, input: {}, idempotencyKey: 'k-1' }) });
    calls.length = 0;

    const again = await runtime.create({
      prepare: async (tx) => {
        const existing = await tx.findByIdempotencyKey('k-1');
        return existing ? { existing } : { definition: twoSteps, input: {} };
      },
    });

    expect(again).toEqual({ saga: first.saga, created: false });
    expect(calls).toEqual([]);
  });

  it("starts child sagas in the parent's transaction and reports each to the listeners", async () => {
    await givenRuntime();

    const { saga } = await runtime.create({ prepare: async () => ({ definition: withChild, input: {} }) });

    const change = calls.find((call) => call.listener === 'observing')!.change;
    expect(change.sagas.map((committed) => committed.definition)).toEqual(['checkout', 'payment-flow']);
    const child = change.sagas[1]!.sagaId;
    expect(store.parentOf(child)).toEqual({ sagaId: saga.id, step: 'pay' });
    // Both sagas' `started` lifecycle events travel in the same transaction.
    expect(change.outbox.map((message) => message.messageId)).toEqual([`${saga.id}:started`, `${child}:authorize:execute:1`, `${child}:started`]);
    expect(change.outbox.at(-1)?.payload).toMatchObject({ event: 'started', sagaId: child, parentSagaId: saga.id, definition: 'payment-flow' });
  });

  it('fires a due timer through the same entry point, once, on the store clock', async () => {
    await givenRuntime();
    const id = await started();
    const scheduler = moduleRef.get(TimerScheduler);
    expect(store.timers()).toMatchObject([{ sagaId: id, kind: 'step-timeout', step: 'reserve', attempt: 1 }]);
    expect(await scheduler.fireDueTimers()).toBe(0);

    // The step timeout (1 s) comes due on the database clock, not the process's.
    clock = new Date(Date.parse(NOW) + 1_001).toISOString();
    expect(await scheduler.fireDueTimers()).toBe(1);

    expect((await store.events(id)).map((event) => event.type)).toContain('StepTimedOut');
    expect(store.inbox()).toEqual([`timer:${id}:step-timeout:reserve:1`]);
    expect(calls.find((call) => call.listener === 'observing')?.change.trigger).toBe('TimerFired');
    // Its retry backoff replaced it; nothing else is due.
    expect(store.timers().map((timer) => timer.kind)).toEqual(['step-retry']);
    expect(await scheduler.fireDueTimers()).toBe(0);
  });
});
