import { describe, expect, it } from 'vitest';
import type { SagaState } from '../state/saga-state.js';
import { testSaga, testStep } from '../testing/definition-fixture.js';
import { canCancel } from './can-cancel.rule.js';
import { canResolveStep } from './can-resolve-step.rule.js';
import { canRetry } from './can-retry.rule.js';
import { isPastPointOfNoReturn } from './is-past-point-of-no-return.rule.js';
import { stepAwaitingReply, stepAwaitingRetry } from './step-awaiting-reply.rule.js';

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

describe(canRetry.name, () => {
  it('is true only for COMPENSATION_FAILED', () => {
    expect((['RUNNING', 'COMPENSATING', 'COMPLETED', 'COMPENSATED', 'COMPENSATION_FAILED'] as const).filter((s) => canRetry(state(s)))).toEqual([
      'COMPENSATION_FAILED',
    ]);
  });
});

describe(canResolveStep.name, () => {
  it('is true only for the step whose compensation failed', () => {
    const stuck = state('COMPENSATION_FAILED', { a: { status: 'COMPENSATION_FAILED', attempt: 1 }, p: { status: 'FAILED', attempt: 1 } });
    expect(canResolveStep(stuck, 'a')).toBe(true);
    expect(canResolveStep(stuck, 'p')).toBe(false);
    expect(canResolveStep(stuck, 'zzz')).toBe(false);
    expect(canResolveStep({ ...stuck, status: 'COMPENSATING' }, 'a')).toBe(false);
  });
});

describe(isPastPointOfNoReturn.name, () => {
  it('is true once the pivot step has started', () => {
    expect(isPastPointOfNoReturn(saga, state('RUNNING', { a: { status: 'RUNNING', attempt: 1 }, p: { status: 'PENDING', attempt: 0 } }))).toBe(false);
    expect(isPastPointOfNoReturn(saga, state('RUNNING', { p: { status: 'RUNNING', attempt: 1 } }))).toBe(true);
    expect(isPastPointOfNoReturn(saga, state('RUNNING', { p: { status: 'SUCCEEDED', attempt: 1 } }))).toBe(true);
  });

  it('is true once a retriable step started in a saga without pivot', () => {
    const noPivot = testSaga(['a', testStep('r', { kind: 'retriable', compensation: undefined })]);
    expect(isPastPointOfNoReturn(noPivot, state('RUNNING', { a: { status: 'SUCCEEDED', attempt: 1 }, r: { status: 'RUNNING', attempt: 1 } }))).toBe(true);
  });
});

describe(stepAwaitingReply.name, () => {
  it('tells a step waiting for its reply from one waiting for its retry', () => {
    const waiting = state('RUNNING', { a: { status: 'RUNNING', attempt: 1 } });
    const backingOff = state('RUNNING', { a: { status: 'RUNNING', attempt: 1, nextAttemptAt: '2026-01-01T00:00:00Z' } });
    expect([stepAwaitingReply(waiting), stepAwaitingRetry(waiting)]).toEqual(['a', undefined]);
    expect([stepAwaitingReply(backingOff), stepAwaitingRetry(backingOff)]).toEqual([undefined, 'a']);
  });
});
