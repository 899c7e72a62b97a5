import { describe, expect, it } from 'vitest';
import type { SagaState } from '../state/saga-state.js';
import { testSaga, testStep } from '../testing/definition-fixture.js';
import { isPastPointOfNoReturn } from './is-past-point-of-no-return.rule.js';

const saga = testSaga(['a', testStep('p', { kind: 'pivot', compensation: undefined })]);
const state = (status: SagaState['status'], steps: SagaState['steps'] = {}): SagaState => ({ status, input: {}, steps, completionOrder: [] });

describe(isPastPointOfNoReturn.name, () => {
  it('is true once the pivot step has started', () => {
    expect(isPastPointOfNoReturn(saga, state('RUNNING', { a: { status: 'RUNNING', attempt: 1 }, p: { status: 'PENDING', attempt: 0 } }))).toBe(false);
    expect(isPastPointOfNoReturn(saga, state('RUNNING', { p: { status: 'RUNNING', attempt: 1 } }))).toBe(true);
    expect(isPastPointOfNoReturn(saga, state('RUNNING', { p: { status: 'SUCCEEDED', attempt: 1 } }))).toBe(true);
  });

  it('is true once a retriable step started in a saga without pivot', () => {
    const noPivot = testSaga(['a', testStep('r', { kind: 'retriable', compensation: undefined })]);
    expect(isPastPointOfNoReturn(noPivot, state('RUNNING', { a: { status: 'SUCCEEDED', attempt: 1 }, r: { status: 'RUNNING', attempt: 1 } }))).toBe(
      true,
    );
  });
});
