/** How deliveries are retried (from the configuration). */
export interface WebhookRetryPolicy {
  readonly maxAttempts: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

/**
 * Milliseconds to wait after failed attempt number `attempt` (1-based), or null when it was the
 * last one. Exponential (initial × 2^(attempt-1), capped) with "equal jitter": between half and
 * all of it, so receivers that failed together are not hit together again. `random` is in [0, 1).
 */
export function webhookRetryDelay(attempt: number, policy: WebhookRetryPolicy, random: number): number | null {
  if (attempt >= policy.maxAttempts) return null;
  const exponential = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.min(attempt - 1, 30));
  return Math.round(exponential / 2 + (exponential / 2) * random);
}
