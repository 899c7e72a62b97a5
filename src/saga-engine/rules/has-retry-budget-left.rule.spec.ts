import { describe, expect, it } from 'vitest';
import { testStep } from '../testing/definition-fixture.js';
import { hasCompensationBudgetLeft, hasRetryBudgetLeft } from './has-retry-budget-left.rule.js';

describe(hasRetryBudgetLeft.name, () => {
  const step = testStep('a'); // 3 attempts

  it('allows attempts up to maxAttempts', () => {
    expect([1, 2, 3].map((attempt) => hasRetryBudgetLeft(step, attempt))).toEqual([true, true, false]);
  });

  it('never runs out for a retriable step', () => {
    expect(hasRetryBudgetLeft(testStep('r', { kind: 'retriable', compensation: undefined }), 1_000)).toBe(true);
  });

  it('does not retry a pivot past its budget', () => {
    expect(hasRetryBudgetLeft(testStep('p', { kind: 'pivot', compensation: undefined }), 3)).toBe(false);
  });
});

describe(hasCompensationBudgetLeft.name, () => {
  const step = testStep('a'); // compensation: 2 attempts

  it('counts attempts from the start of the current budget', () => {
    expect(hasCompensationBudgetLeft(step, { attempt: 1 })).toBe(true);
    expect(hasCompensationBudgetLeft(step, { attempt: 2 })).toBe(false);
    expect(hasCompensationBudgetLeft(step, { attempt: 3, budgetStartAttempt: 3 })).toBe(true);
    expect(hasCompensationBudgetLeft(step, { attempt: 4, budgetStartAttempt: 3 })).toBe(false);
  });
});
