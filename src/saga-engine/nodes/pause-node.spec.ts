import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decide } from '../decide.js';
import { definitionJsonSchemaOf } from '../definition/definition-json-schema.js';
import { definitionFromJson } from '../definition/definition-json.js';
import type { SagaDefinition } from '../definition/saga-definition.js';
import { validateDefinition } from '../definition/validate-definition.js';
import { PauseLogTypes, PauseTimerKind, pauseNode } from '../testing/pause-node.fixture.js';
import { givenSaga } from '../testing/saga-scenario.js';
import { BuiltInNodeKinds, findNodeKind, registerNodeKind } from './node-kinds.js';

/** A saga with a toy `pause` between two participant steps; the second step's payload reads the pause's output. */
const json = {
  name: 'paused-order',
  steps: [
    { name: 'reserve', participant: 'inventory', command: 'reserve', compensation: 'release' },
    { type: 'pause', name: 'breather' },
    { name: 'charge', participant: 'payment', command: 'charge', compensation: 'refund', input: { waited: { var: 'outputs.breather.pausedMs' } } },
  ],
};

describe('a node kind registered by a test (the toy pause)', () => {
  let unregister: () => void;
  let saga: SagaDefinition;
  beforeAll(() => {
    unregister = registerNodeKind(pauseNode);
    saga = definitionFromJson(json, 1);
  });
  afterAll(() => unregister());

  it('reads its defaults from the JSON form and validates it with its own shape rules', () => {
    expect(saga.steps[1]).toEqual({ type: 'pause', name: 'breather', pauseMs: 1_000 });
    expect(validateDefinition(saga)).toEqual([]);
    const tooShort = definitionFromJson({ ...json, steps: [json.steps[0], { type: 'pause', name: 'breather', pauseMs: 0 }] }, 1);
    expect(validateDefinition(tooShort)).toEqual([
      { pointer: '/steps/1/pauseMs', message: `The pause must be an integer from 1 to 2592000000 ms, got 0.` },
    ]);
  });

  it('is started when the flow reaches it, arms its timer, and moves the saga on when it is due', () => {
    givenSaga(saga)
      .startedWith({})
      .whenStepSucceeds('reserve')
      .expectStepStatus('breather', 'RUNNING')
      .expectLogged(PauseLogTypes.PauseStarted, 'breather')
      .expectTimerArmed({ kind: PauseTimerKind, step: 'breather', attempt: 1, dueInMs: 1_000 })
      .expectNoCommands()
      .whenTimerFires(PauseTimerKind, 'breather', 1)
      .expectStepStatus('breather', 'SUCCEEDED')
      .expectLogged(PauseLogTypes.PauseOver, 'breather')
      .expectCommand({ step: 'charge', kind: 'execute', attempt: 1, payload: { waited: 1_000 } })
      .whenStepSucceeds('charge')
      .expectStatus('COMPLETED')
      .expectState((state) => expect(state.output).toMatchObject({ breather: { pausedMs: 1_000 } }));
  });

  it('ignores its timer once it is over, and a timer of another kind for it', () => {
    givenSaga(saga)
      .startedWith({})
      .whenStepSucceeds('reserve')
      .whenTimerFires('delay-elapsed', 'breather', 1)
      .expectIgnored('timer-outdated')
      .whenTimerFires(PauseTimerKind, 'breather', 1)
      .whenTimerFires(PauseTimerKind, 'breather', 1)
      .expectIgnored('timer-outdated');
  });

  it('is cut short when the saga turns back: skipped, its timer disarmed, the earlier step compensated', () => {
    const scenario = givenSaga(saga).startedWith({}).whenStepSucceeds('reserve').whenCancelled();
    scenario.expectStepStatus('breather', 'SKIPPED').expectLogged('StepSkipped', 'breather').expectCompensationOrder(['reserve']);
    expect(scenario.lastDecision.cancelTimers).toContainEqual({ kind: PauseTimerKind, step: 'breather', attempt: 1 });
    scenario.expectState((state) => {
      const cancelled = decide(
        saga,
        state,
        { type: 'TimerFired', kind: PauseTimerKind, step: 'breather', attempt: 1 },
        { now: '2026-01-01T00:00:05.000Z', random: () => 0 },
      );
      expect(cancelled.log[0]?.data?.['why']).toBe('saga-not-running');
    });
  });

  it('adds its fragment to the definition language when listed with the built-in kinds', () => {
    const schema = definitionJsonSchemaOf([...BuiltInNodeKinds, findNodeKind('pause')!]);
    expect(schema.$defs.node.properties.type.enum).toEqual(['step', 'parallel', 'choice', 'wait', 'delay', 'child', 'pause']);
    expect((schema.$defs as Record<string, unknown>)['pause']).toBe(pauseNode.jsonSchema);
  });
});

describe('the same definition without the pause registered', () => {
  it('is refused: the node type is unknown', () => {
    expect(findNodeKind('pause')).toBeUndefined();
    expect(validateDefinition(definitionFromJson(json, 1))).toEqual([
      { pointer: '/steps/1/type', message: 'The node type must be one of step, parallel, choice, wait, delay, child, got "pause".' },
    ]);
  });
});
