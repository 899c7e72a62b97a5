import { describe, expect, it } from 'vitest';
import { decide } from './decide.js';
import type { FlowNode, SagaDefinition } from './definition/saga-definition.js';
import { SignalNotAwaitedError } from './errors/signal-not-awaited.error.js';
import { testSaga, testStep } from './testing/definition-fixture.js';
import { givenSaga } from './testing/saga-scenario.js';

const parallel = (name: string, ...branches: (readonly FlowNode[])[]): FlowNode => ({
  type: 'parallel',
  name,
  branches: branches.map((steps, index) => ({ name: `branch-${index + 1}`, steps })),
});
const wait = (name: string, signal: string, timeoutMs = 60_000): FlowNode => ({ type: 'wait', name, signal, timeoutMs });

/** before → [a1 → a2 | b1] → after */
const forked = (): SagaDefinition => ({
  ...testSaga([]),
  steps: [testStep('before'), parallel('fork', [testStep('a1'), testStep('a2')], [testStep('b1')]), testStep('after')],
});

const sentSteps = (commands: readonly { step: string; kind: string }[]) => commands.map((c) => `${c.kind}:${c.step}`);

describe(`${decide.name} with parallel groups`, () => {
  it('starts every branch together and joins before the next step', () => {
    const saga = givenSaga(forked()).startedWith({}).whenStepSucceeds('before');
    expect(sentSteps(saga.lastDecision.commands)).toEqual(['execute:a1', 'execute:b1']);
    saga.expectLogged('BranchesForked', 'fork').expectStepStatus('fork', 'RUNNING');
    saga.whenStepSucceeds('b1').expectNoCommands();
    saga.whenStepSucceeds('a1').expectCommand({ step: 'a2', kind: 'execute', attempt: 1 });
    saga.whenStepSucceeds('a2').expectCommand({ step: 'after', kind: 'execute', attempt: 1 }).expectLogged('BranchesJoined', 'fork');
    saga.whenStepSucceeds('after').expectStatus('COMPLETED').expectStepStatus('fork', 'SUCCEEDED');
  });

  it('awaits in-flight branches after a failure, then undoes each branch in reverse and the fork only after all branches', () => {
    const saga = givenSaga(forked()).startedWith({}).whenStepSucceeds('before').whenStepSucceeds('a1');
    // a2 is out, b1 fails: nothing is undone while a2's outcome is unknown.
    saga.whenStepFails('b1').expectNoCommands().expectStatus('COMPENSATING');
    saga.whenStepSucceeds('a2');
    expect(sentSteps(saga.lastDecision.commands)).toEqual(['compensate:a2']);
    saga.whenCompensated('a2').expectCommand({ step: 'a1', kind: 'compensate', attempt: 1 });
    saga.whenCompensated('a1').expectCommand({ step: 'before', kind: 'compensate', attempt: 1 });
    saga.whenCompensated('before').expectStatus('COMPENSATED').expectStepStatus('after', 'SKIPPED').expectStepStatus('fork', 'FAILED');
  });

  it('undoes independent branches concurrently and waits for both before the step before the fork', () => {
    const saga = givenSaga(forked()).startedWith({}).whenStepSucceeds('before').whenStepSucceeds('b1').whenStepSucceeds('a1').whenStepFails('a2');
    expect(sentSteps(saga.lastDecision.commands).sort()).toEqual(['compensate:a1', 'compensate:b1']);
    saga.whenCompensated('b1').expectNoCommands();
    saga.whenCompensated('a1').expectCommand({ step: 'before', kind: 'compensate', attempt: 1 });
  });

  it('keeps the saga COMPENSATION_FAILED while a branch compensation is stuck, and never undoes the step before the fork', () => {
    const saga = givenSaga(forked()).startedWith({}).whenStepSucceeds('before').whenStepSucceeds('b1').whenStepSucceeds('a1').whenStepFails('a2');
    saga.whenCompensationErrors('b1').whenCompensationRetryIsDue('b1').whenCompensationErrors('b1').expectStatus('COMPENSATION_FAILED');
    saga.whenCompensated('a1').expectNoCommands().expectStatus('COMPENSATION_FAILED').expectStepStatus('before', 'SUCCEEDED');
    saga.whenOperatorResolves('b1').expectCommand({ step: 'before', kind: 'compensate', attempt: 1 });
  });

  it('stops retries scheduled in other branches when one fails', () => {
    const saga = givenSaga(forked()).startedWith({}).whenStepSucceeds('before').whenStepErrors('a1').whenStepFails('b1');
    saga.expectStepStatus('a1', 'FAILED').expectCommand({ step: 'before', kind: 'compensate', attempt: 1 });
  });
});

describe(`${decide.name} with choices`, () => {
  const chooser = (): SagaDefinition => ({
    ...testSaga([]),
    steps: [
      testStep('quote'),
      {
        type: 'choice',
        name: 'route',
        choices: [{ name: 'express', when: { '>': [{ var: 'outputs.quote.total' }, 100] }, steps: [testStep('courier')] }],
        otherwise: { name: 'standard', steps: [testStep('post')] },
      },
      testStep('notify'),
    ],
  });

  it('takes the first branch whose condition holds and skips the others', () => {
    givenSaga(chooser())
      .startedWith({})
      .whenStepSucceeds('quote', { total: 250 })
      .expectCommand({ step: 'courier', kind: 'execute', attempt: 1 })
      .expectLogged('ChoiceMade', 'route')
      .expectStepStatus('post', 'SKIPPED')
      .expectState((state) => expect(state.steps['route']?.branch).toBe('express'))
      .whenStepSucceeds('courier')
      .expectCommand({ step: 'notify', kind: 'execute', attempt: 1 })
      .expectLogged('ChoiceCompleted', 'route');
  });

  it('falls back to otherwise when no condition holds', () => {
    givenSaga(chooser())
      .startedWith({})
      .whenStepSucceeds('quote', { total: 20 })
      .expectCommand({ step: 'post', kind: 'execute', attempt: 1 })
      .expectStepStatus('courier', 'SKIPPED')
      .expectState((state) => expect(state.steps['route']?.branch).toBe('standard'));
  });

  it('compensates only the branch that ran', () => {
    givenSaga(chooser())
      .startedWith({})
      .whenStepSucceeds('quote', { total: 20 })
      .whenStepSucceeds('post')
      .whenStepFails('notify')
      .expectCommand({ step: 'post', kind: 'compensate', attempt: 1 })
      .whenCompensated('post')
      .expectCommand({ step: 'quote', kind: 'compensate', attempt: 1 });
  });
});

describe(`${decide.name} with waits, delays and mappings`, () => {
  const approval = (): SagaDefinition => ({
    ...testSaga([]),
    steps: [
      testStep('reserve'),
      wait('approval', 'approved', 5_000),
      { type: 'delay', name: 'cool-off', delayMs: 1_000 },
      testStep('charge', { input: { amount: { var: 'input.amount' }, approver: { var: 'outputs.approval.by' } } }),
    ],
    output: { charged: { var: 'outputs.charge.id' } },
  });

  it('suspends on a wait with a durable timeout and no command, resumes on its signal, then delays durably', () => {
    const saga = givenSaga(approval()).startedWith({ amount: 42 }).whenStepSucceeds('reserve');
    saga.expectNoCommands().expectLogged('WaitStarted', 'approval').expectTimerArmed({ kind: 'wait-timeout', step: 'approval', dueInMs: 5_000 });
    saga.when({ type: 'SignalReceived', signal: 'approved', payload: { by: 'ann' } });
    saga
      .expectLogged('SignalReceived', 'approval')
      .expectStepStatus('approval', 'SUCCEEDED')
      .expectTimerArmed({ kind: 'delay-elapsed', step: 'cool-off', dueInMs: 1_000 });
    saga
      .whenTimerFires('delay-elapsed', 'cool-off', 1)
      .expectCommand({ step: 'charge', kind: 'execute', attempt: 1, payload: { amount: 42, approver: 'ann' } });
    saga
      .whenStepSucceeds('charge', { id: 'ch-1' })
      .expectStatus('COMPLETED')
      .expectState((state) => expect(state.output).toEqual({ charged: 'ch-1' }));
  });

  it('fails the wait at its timeout and compensates what ran before it', () => {
    givenSaga(approval())
      .startedWith({ amount: 1 })
      .whenStepSucceeds('reserve')
      .whenTimerFires('wait-timeout', 'approval', 1)
      .expectLogged('WaitTimedOut', 'approval')
      .expectStepStatus('approval', 'FAILED')
      .expectCommand({ step: 'reserve', kind: 'compensate', attempt: 1 });
  });

  it('refuses a signal nobody waits for, and a second delivery of the same signal', () => {
    const saga = givenSaga(approval()).startedWith({ amount: 1 });
    expect(() => saga.when({ type: 'SignalReceived', signal: 'approved', payload: {} })).toThrow(SignalNotAwaitedError);
    saga.whenStepSucceeds('reserve').when({ type: 'SignalReceived', signal: 'approved', payload: {} });
    expect(() => saga.when({ type: 'SignalReceived', signal: 'approved', payload: {} })).toThrow(
      'The saga has no step waiting for signal "approved"',
    );
  });

  it('stops a wait when the saga is cancelled: the wait is skipped and its timer disarmed', () => {
    givenSaga(approval())
      .startedWith({ amount: 1 })
      .whenStepSucceeds('reserve')
      .whenCancelled()
      .expectStepStatus('approval', 'SKIPPED')
      .expectCommand({ step: 'reserve', kind: 'compensate', attempt: 1 })
      .whenTimerFires('wait-timeout', 'approval', 1)
      .expectIgnored();
  });

  it('fails a step whose input mapping throws, as a business failure, and turns back', () => {
    // Validation refuses unknown operators; an unvalidated definition shows the engine still never throws.
    const definition: SagaDefinition = { ...testSaga(['a']), steps: [testStep('a'), testStep('b', { input: { x: { nope: [1] } } })] };
    givenSaga(definition)
      .startedWith({})
      .whenStepSucceeds('a')
      .expectStepStatus('b', 'FAILED')
      .expectState((state) => expect(state.steps['b']?.lastError?.code).toBe('input-mapping-failed'))
      .expectCommand({ step: 'a', kind: 'compensate', attempt: 1 });
  });
});
