import { describe, expect, it } from 'vitest';
import { decide } from './decide.js';
import type { ChildDefinition, SagaDefinition } from './definition/saga-definition.js';
import { testSaga, testStep } from './testing/definition-fixture.js';
import { givenSaga } from './testing/saga-scenario.js';

const child = (name: string, overrides: Partial<ChildDefinition> = {}): ChildDefinition => ({
  type: 'child',
  name,
  definition: { name: 'payment-flow' },
  kind: 'compensatable',
  ...overrides,
});

/** reserve → pay (child saga) → ship */
const withChild = (overrides: Partial<ChildDefinition> = {}): SagaDefinition => ({
  ...testSaga([]),
  steps: [testStep('reserve'), child('pay', { input: { orderId: { var: 'input.orderId' } }, ...overrides }), testStep('ship')],
});

const started = (definition = withChild()) => givenSaga(definition).startedWith({ orderId: 'o-1' }).whenStepSucceeds('reserve');

describe(`${decide.name} with child sagas`, () => {
  it('starts the child saga with its mapped input once the steps before it succeeded, and awaits its outcome', () => {
    const saga = started();
    expect(saga.lastDecision.startChildren).toEqual([{ step: 'pay', definition: { name: 'payment-flow' }, input: { orderId: 'o-1' } }]);
    saga.expectNoCommands().expectStepStatus('pay', 'RUNNING').expectLogged('ChildSagaStarted', 'pay');
  });

  it('treats a COMPLETED child as the node succeeding with the child output, then moves on', () => {
    const saga = started().when({ type: 'ChildSagaFinished', step: 'pay', status: 'COMPLETED', output: { paid: 42 } });
    saga.expectLogged('ChildSagaCompleted', 'pay').expectStepStatus('pay', 'SUCCEEDED').expectCommand({ step: 'ship', kind: 'execute', attempt: 1 });
    saga.expectState((state) => {
      expect(state.steps['pay']?.output).toEqual({ paid: 42 });
      expect(state.steps['pay']?.childStatus).toBe('COMPLETED');
    });
  });

  it('treats a COMPENSATED child as a failure with nothing left to undo: only the steps before it are compensated', () => {
    const saga = started().when({
      type: 'ChildSagaFinished',
      step: 'pay',
      status: 'COMPENSATED',
      failure: { code: 'payment-declined', message: 'no' },
    });
    saga.expectLogged('ChildSagaFailed', 'pay').expectStepStatus('pay', 'FAILED').expectStatus('COMPENSATING');
    saga.expectCommand({ step: 'reserve', kind: 'compensate', attempt: 1 });
    expect(saga.lastDecision.compensateChildren).toBeUndefined();
    saga.expectState((state) => expect(state.steps['pay']?.lastError?.code).toBe('payment-declined'));
    saga.whenCompensated('reserve').expectStatus('COMPENSATED').expectCompensationOrder(['reserve']);
  });

  it('compensates a completed child when a later step fails, and undoes earlier steps only after the child is COMPENSATED', () => {
    const saga = started().when({ type: 'ChildSagaFinished', step: 'pay', status: 'COMPLETED', output: {} }).whenStepFails('ship');
    expect(saga.lastDecision.compensateChildren).toEqual([{ step: 'pay', reason: 'compensate', attempt: 1 }]);
    saga.expectNoCommands().expectStepStatus('pay', 'COMPENSATING');
    saga.when({ type: 'ChildSagaFinished', step: 'pay', status: 'COMPENSATED' });
    saga
      .expectLogged('ChildSagaCompensated', 'pay')
      .expectStepStatus('pay', 'COMPENSATED')
      .expectCommand({ step: 'reserve', kind: 'compensate', attempt: 1 });
    saga.whenCompensated('reserve').expectStatus('COMPENSATED').expectCompensationOrder(['reserve']);
  });

  it('ignores a late COMPLETED notice while the child is being compensated', () => {
    const saga = started().when({ type: 'ChildSagaFinished', step: 'pay', status: 'COMPLETED', output: {} }).whenStepFails('ship');
    saga
      .when({ type: 'ChildSagaFinished', step: 'pay', status: 'COMPLETED', output: {} })
      .expectIgnored('child-outcome-outdated')
      .expectStepStatus('pay', 'COMPENSATING');
  });

  it('times a child out when it has a timeout: maybe-done, so the child is asked to undo itself before the earlier steps', () => {
    const saga = started(withChild({ timeoutMs: 5_000 }));
    saga.expectTimerArmed({ kind: 'step-timeout', step: 'pay', dueInMs: 5_000 });
    saga.whenTimerFires('step-timeout', 'pay', 1).expectStepStatus('pay', 'COMPENSATING').expectLogged('StepTimedOut', 'pay');
    expect(saga.lastDecision.compensateChildren).toEqual([{ step: 'pay', reason: 'compensate', attempt: 1 }]);
    saga.when({ type: 'ChildSagaFinished', step: 'pay', status: 'COMPLETED', output: {} }).expectIgnored();
    saga.when({ type: 'ChildSagaFinished', step: 'pay', status: 'COMPENSATED' }).expectCommand({ step: 'reserve', kind: 'compensate', attempt: 1 });
  });

  it('propagates a cancel to a running child and awaits its outcome before undoing earlier steps', () => {
    const saga = started().whenCancelled();
    expect(saga.lastDecision.compensateChildren).toEqual([{ step: 'pay', reason: 'cancel', attempt: 1 }]);
    saga.expectNoCommands().expectStatus('COMPENSATING').expectStepStatus('pay', 'RUNNING');
    saga
      .when({ type: 'ChildSagaFinished', step: 'pay', status: 'COMPENSATED' })
      .expectStepStatus('pay', 'FAILED')
      .expectCommand({ step: 'reserve', kind: 'compensate', attempt: 1 });
  });

  it('refuses a cancel once a pivot child has started (past the point of no return)', () => {
    const saga = started(withChild({ kind: 'pivot' }));
    expect(() => saga.whenCancelled()).toThrow(/can only go forward/);
  });

  it('fails the node without starting a child when its input mapping fails', () => {
    const saga = started(withChild({ input: { x: { var: 'outputs.nothing.here' }, y: { bogus: 1 } } }));
    expect(saga.lastDecision.startChildren).toBeUndefined();
    saga.expectStepStatus('pay', 'FAILED').expectCommand({ step: 'reserve', kind: 'compensate', attempt: 1 });
  });

  it('ignores a notice for a node that is not a child', () => {
    started()
      .when({ type: 'ChildSagaFinished', step: 'reserve', status: 'COMPLETED' })
      .expectIgnored('unknown-step')
      .expectStepStatus('reserve', 'SUCCEEDED');
  });
});

describe(`${decide.name} of a child saga`, () => {
  const parent = { sagaId: '0190a0a0-0000-7000-8000-000000000001', step: 'pay' };
  const childSaga = testSaga(['authorize', 'capture']);
  const startedChild = () => givenSaga(childSaga).when({ type: 'StartSaga', input: {}, parent });

  it('remembers its parent and tells it when it completes, with its output', () => {
    const saga = startedChild()
      .whenStepSucceeds('authorize', { a: 1 })
      .expectState((state) => expect(state.parent).toEqual(parent));
    expect(saga.lastDecision.parentNotice).toBeUndefined();
    saga.whenStepSucceeds('capture', { c: 2 });
    expect(saga.lastDecision.parentNotice).toEqual({
      parentSagaId: parent.sagaId,
      step: 'pay',
      status: 'COMPLETED',
      sequence: 1,
      output: { authorize: { a: 1 }, capture: { c: 2 } },
    });
  });

  it('tells its parent it is COMPENSATED after failing, with the failed step error', () => {
    const saga = startedChild()
      .whenStepSucceeds('authorize')
      .whenStepFails('capture', { code: 'declined', message: 'card declined' })
      .whenCompensated('authorize');
    expect(saga.lastDecision.parentNotice).toMatchObject({
      parentSagaId: parent.sagaId,
      step: 'pay',
      status: 'COMPENSATED',
      failure: { code: 'declined', message: 'card declined' },
    });
  });

  it('compensates every step in reverse when a completed child is asked to, then tells the parent', () => {
    const saga = startedChild().whenStepSucceeds('authorize').whenStepSucceeds('capture');
    saga
      .when({ type: 'ParentCompensationRequested', reason: 'compensate' })
      .expectStatus('COMPENSATING')
      .expectCommand({ step: 'capture', kind: 'compensate', attempt: 1 });
    saga.whenCompensated('capture').whenCompensated('authorize').expectStatus('COMPENSATED').expectCompensationOrder(['capture', 'authorize']);
    expect(saga.lastDecision.parentNotice).toMatchObject({ status: 'COMPENSATED', failure: { code: 'parent-compensation' } });
  });

  it('turns back when running and asked to cancel', () => {
    const saga = startedChild().when({ type: 'ParentCompensationRequested', reason: 'cancel' });
    saga.expectStatus('COMPENSATING').expectLogged('ParentCompensationRequested').expectNoCommands();
    saga.whenStepSucceeds('authorize').expectCommand({ step: 'authorize', kind: 'compensate', attempt: 1 });
    saga.whenCompensated('authorize');
    expect(saga.lastDecision.parentNotice).toMatchObject({ status: 'COMPENSATED' });
  });

  it('repeats its COMPENSATED notice when asked again after it finished, so the parent never waits forever', () => {
    const saga = startedChild().whenStepFails('authorize');
    expect(saga.state.status).toBe('COMPENSATED');
    expect(saga.lastDecision.parentNotice).toMatchObject({ status: 'COMPENSATED', sequence: 1 });
    saga.when({ type: 'ParentCompensationRequested', reason: 'compensate' });
    expect(saga.lastDecision.parentNotice).toMatchObject({ status: 'COMPENSATED', sequence: 2 });
    expect(saga.lastDecision.commands).toEqual([]);
  });

  it('changes nothing when asked while already turning back (it reports once done)', () => {
    const saga = startedChild().whenStepSucceeds('authorize').whenStepFails('capture');
    saga.when({ type: 'ParentCompensationRequested', reason: 'compensate' }).expectIgnored('already-turning-back');
    expect(saga.lastDecision.parentNotice).toBeUndefined();
  });

  it('sends no notice for a saga without a parent', () => {
    const saga = givenSaga(childSaga).startedWith({}).whenStepSucceeds('authorize').whenStepSucceeds('capture');
    expect(saga.lastDecision.parentNotice).toBeUndefined();
  });
});
