import { describe, expect, it } from 'vitest';
import type { SagaState } from '../state/saga-state.js';
import { testSaga, testStep } from '../testing/definition-fixture.js';
import { canCancel } from './can-cancel.rule.js';

const saga = testSaga(['a', testStep('p', { kind: 'pivot', compensation: undefined })]);
const state = (status: SagaState['status'], steps: SagaState['steps'] = {}): SagaState => ({ status, input: {}, steps, completionOrder: [] });

describe(canCancel.name, () => {
  it('accepts a running saga before its pivot, and a saga already turning back', () => {
    expect(canCancel(saga, state('RUNNING', { a: { status: 'RUNNING', attempt: 1 }, p: { status: 'PENDING', attempt: 0 } }))).toBe(true);
    expect(canCancel(saga, state('COMPENSATING'))).toBe(true);
    expect(canCancel(saga, state('COMPENSATION_FAILED'))).toBe(true);
  });

  it('refuses a finished saga and one past its pivot', () => {
    expect(canCancel(saga, state('COMPLETED'))).toBe(false);
    expect(canCancel(saga, state('COMPENSATED'))).toBe(false);
    expect(canCancel(saga, state('RUNNING', { p: { status: 'SUCCEEDED', attempt: 1 } }))).toBe(false);
    expect(canCancel(saga, state('RUNNING', { p: { status: 'RUNNING', attempt: 1 } }))).toBe(false);
  });
});
