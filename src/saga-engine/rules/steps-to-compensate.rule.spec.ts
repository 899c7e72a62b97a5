import { describe, expect, it } from 'vitest';
import type { SagaState } from '../state/saga-state.js';
import { testSaga, testStep } from '../testing/definition-fixture.js';
import { stepsToCompensate } from './steps-to-compensate.rule.js';

const saga = testSaga(['a', 'b', 'c', testStep('p', { kind: 'pivot', compensation: undefined })]);
const state = (steps: SagaState['steps'], completionOrder: string[]): SagaState => ({ status: 'COMPENSATING', input: {}, steps, completionOrder });

describe(stepsToCompensate.name, () => {
  it('is the reverse of the completion order, not of the definition order', () => {
    const done = { status: 'SUCCEEDED', attempt: 1 } as const;
    expect(stepsToCompensate(saga, state({ a: done, b: done, c: done }, ['b', 'a', 'c']))).toEqual(['c', 'a', 'b']);
  });

  it('includes maybe-done steps and leaves out undone, failed and non-compensatable ones', () => {
    expect(
      stepsToCompensate(
        saga,
        state(
          {
            a: { status: 'COMPENSATED', attempt: 1 },
            b: { status: 'TIMED_OUT', attempt: 3 },
            c: { status: 'FAILED', attempt: 1 },
            p: { status: 'TIMED_OUT', attempt: 1 },
          },
          ['a', 'b', 'p'],
        ),
      ),
    ).toEqual(['b']);
  });
});
