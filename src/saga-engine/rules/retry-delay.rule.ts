import type { RetryPolicy } from '../definition/saga-definition.js';

/**
 * Backoff before the attempt after `failedAttempt`: `initialDelayMs × coefficient^(failedAttempt-1)`,
 * capped at `maxDelayMs`, with "equal jitter" (a `jitter` fraction of it randomised away).
 * `random` returns [0, 1). Always an integer in [0, maxDelayMs].
 */
export function retryDelayMs(policy: RetryPolicy, failedAttempt: number, random: () => number): number {
  const exponent = Math.max(0, failedAttempt - 1);
  // 0 × Infinity is NaN: a zero initial delay stays zero however many attempts were made.
  const grown = policy.initialDelayMs === 0 ? 0 : policy.initialDelayMs * policy.backoffCoefficient ** exponent;
  const base = Math.min(policy.maxDelayMs, grown);
  const jitter = Math.min(1, Math.max(0, policy.jitter));
  const delay = base * (1 - jitter) + base * jitter * random();
  return Math.max(0, Math.min(policy.maxDelayMs, Math.round(delay)));
}
