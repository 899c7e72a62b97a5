import { describe, expect, it } from 'vitest';
import type { SagaState, StepState } from '../state/saga-state.js';
import { testSaga } from '../testing/definition-fixture.js';
import type { TimerFired } from '../triggers/saga-trigger.js';
import { isStaleTimer, whyTimerIsStale } from './is-stale-timer.rule.js';

const saga = testSaga(['a']);
const sagaWith = (step: StepState, status: SagaState['status'] = 'RUNNING'): SagaState => ({
  status,
  input: {},
  steps: { a: step },
  completionOrder: [],
});
const timer = (kind: TimerFired['kind'], attempt?: number): TimerFired => ({
  type: 'TimerFired',
  kind,
  step: 'a',
  ...(attempt !== undefined ? { attempt } : {}),
});

describe(whyTimerIsStale.name, () => {
  it.each([
    ['a timeout of the attempt in flight', { status: 'RUNNING', attempt: 2 }, timer('step-timeout', 2), undefined],
    ['a timeout of an older attempt', { status: 'RUNNING', attempt: 2 }, timer('step-timeout', 1), 'timer-outdated'],
    ['a timeout during the backoff', { status: 'RUNNING', attempt: 2, nextAttemptAt: 'x' }, timer('step-timeout', 2), 'timer-outdated'],
    ['a due retry', { status: 'RUNNING', attempt: 2, nextAttemptAt: 'x' }, timer('step-retry', 2), undefined],
    ['a retry already sent', { status: 'RUNNING', attempt: 3 }, timer('step-retry', 2), 'timer-outdated'],
    [
      'a compensation timeout in flight',
      { status: 'COMPENSATING', attempt: 1, compensation: { attempt: 1 } },
      timer('compensation-timeout', 1),
      undefined,
    ],
    [
      'a compensation retry due',
      { status: 'COMPENSATING', attempt: 1, compensation: { attempt: 1, nextAttemptAt: 'x' } },
      timer('compensation-retry', 1),
      undefined,
    ],
    [
      'a compensation timeout after it was done',
      { status: 'COMPENSATED', attempt: 1, compensation: { attempt: 1 } },
      timer('compensation-timeout', 1),
      'timer-outdated',
    ],
    ['a timer without attempt', { status: 'RUNNING', attempt: 1 }, timer('step-timeout'), 'malformed-timer'],
  ] as const)('%s → %s', (_case, step, fired, why) => {
    expect(whyTimerIsStale(saga, sagaWith(step), fired)).toBe(why);
    expect(isStaleTimer(saga, sagaWith(step), fired)).toBe(why !== undefined);
  });

  it('applies the deadline only to a saga running forward', () => {
    const deadline: TimerFired = { type: 'TimerFired', kind: 'saga-deadline' };
    expect(whyTimerIsStale(saga, sagaWith({ status: 'RUNNING', attempt: 1 }), deadline)).toBeUndefined();
    expect(whyTimerIsStale(saga, sagaWith({ status: 'RUNNING', attempt: 1 }, 'COMPENSATING'), deadline)).toBe('saga-not-running');
    expect(whyTimerIsStale(saga, sagaWith({ status: 'SUCCEEDED', attempt: 1 }, 'COMPLETED'), deadline)).toBe('saga-finished');
  });
});
