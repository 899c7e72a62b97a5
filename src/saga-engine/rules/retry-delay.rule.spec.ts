import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { RetryPolicy } from '../definition/saga-definition.js';
import { retryDelayMs } from './retry-delay.rule.js';

const policy: RetryPolicy = { maxAttempts: 5, initialDelayMs: 100, backoffCoefficient: 2, maxDelayMs: 1_000, jitter: 0 };

describe(retryDelayMs.name, () => {
  it('grows exponentially from the initial delay', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(policy, attempt, () => 0))).toEqual([100, 200, 400, 800]);
  });

  it('never exceeds the max delay, even after very many attempts', () => {
    expect(retryDelayMs(policy, 5, () => 0)).toBe(1_000);
    expect(retryDelayMs(policy, 10_000, () => 0.99)).toBe(1_000);
  });

  it('randomises away at most the jitter fraction', () => {
    const jittered = { ...policy, jitter: 0.5 };
    expect(retryDelayMs(jittered, 1, () => 0)).toBe(50);
    expect(retryDelayMs(jittered, 1, () => 0.5)).toBe(75);
  });

  test.prop([
    fc.record({
      maxAttempts: fc.integer({ min: 1, max: 100 }),
      initialDelayMs: fc.integer({ min: 0, max: 60_000 }),
      backoffCoefficient: fc.double({ min: 1, max: 10, noNaN: true }),
      maxDelayMs: fc.integer({ min: 0, max: 86_400_000 }),
      jitter: fc.double({ min: 0, max: 1, noNaN: true }),
    }),
    fc.integer({ min: 1, max: 1_000_000 }),
    fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
  ])('is always an integer between 0 and the max delay', (anyPolicy, attempt, random) => {
    const delay = retryDelayMs(anyPolicy, attempt, () => random);
    expect(Number.isInteger(delay)).toBe(true);
    expect(delay).toBeGreaterThanOrEqual(0);
    expect(delay).toBeLessThanOrEqual(anyPolicy.maxDelayMs);
  });
});
