import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { webhookRetryDelay } from './webhook-retry-delay.rule.js';

const policy = { maxAttempts: 10, initialDelayMs: 5_000, maxDelayMs: 3_600_000 };

describe(webhookRetryDelay.name, () => {
  it('doubles from the initial delay, with up to half of it taken off by jitter', () => {
    expect(webhookRetryDelay(1, policy, 0.999999)).toBe(5_000);
    expect(webhookRetryDelay(1, policy, 0)).toBe(2_500);
    expect(webhookRetryDelay(3, policy, 0.999999)).toBe(20_000);
  });

  it('gives up after the last attempt', () => {
    expect(webhookRetryDelay(10, policy, 0.5)).toBeNull();
    expect(webhookRetryDelay(1, { ...policy, maxAttempts: 1 }, 0.5)).toBeNull();
  });

  test.prop([fc.integer({ min: 1, max: 49 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })])(
    'stays between half the capped exponential delay and the cap',
    (attempt, random) => {
      const delay = webhookRetryDelay(attempt, { ...policy, maxAttempts: 50 }, random)!;
      expect(delay).toBeGreaterThanOrEqual(Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (attempt - 1)) / 2);
      expect(delay).toBeLessThanOrEqual(policy.maxDelayMs);
    },
  );
});
