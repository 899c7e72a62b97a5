import { describe, expect, it } from 'vitest';
import { initialSagaState } from '../handlers/start-saga.handler.js';
import { testSaga } from '../testing/definition-fixture.js';
import { nextStepToStart } from './next-step-to-start.rule.js';

const saga = testSaga(['a', 'b']);

describe(nextStepToStart.name, () => {
  it('is the first pending step in definition order', () => {
    expect(nextStepToStart(saga, initialSagaState(saga, {}))?.name).toBe('a');
    const afterA = initialSagaState(saga, {});
    expect(nextStepToStart(saga, { ...afterA, steps: { ...afterA.steps, a: { status: 'SUCCEEDED', attempt: 1 } } })?.name).toBe('b');
  });

  it('is undefined when every step has started', () => {
    const state = initialSagaState(saga, {});
    const done = { status: 'SUCCEEDED', attempt: 1 } as const;
    expect(nextStepToStart(saga, { ...state, steps: { a: done, b: done } })).toBeUndefined();
  });
});
