import type { RetryPolicy, SagaDefinition, StepDefinition, StepKind } from '../definition/saga-definition.js';

/** A fast retry policy for tests: no jitter, so delays are exact. */
export const testRetryPolicy = (maxAttempts: number): RetryPolicy => ({
  maxAttempts,
  initialDelayMs: 100,
  backoffCoefficient: 2,
  maxDelayMs: 1_000,
  jitter: 0,
});

/** A step for tests: participant and command named after it, compensation `undo-<name>` if compensatable. */
export function testStep(name: string, overrides: Partial<StepDefinition> = {}): StepDefinition {
  const kind: StepKind = overrides.kind ?? 'compensatable';
  return {
    type: 'step',
    name,
    participant: `${name}-service`,
    command: name,
    ...(kind === 'compensatable' ? { compensation: `undo-${name}` } : {}),
    kind,
    timeoutMs: 1_000,
    retry: testRetryPolicy(3),
    compensationRetry: testRetryPolicy(2),
    ...overrides,
  };
}

/** A saga of the given steps (names or full step definitions), in order. */
export function testSaga(steps: readonly (string | StepDefinition)[], overrides: Partial<SagaDefinition> = {}): SagaDefinition {
  return {
    name: 'test-saga',
    version: 1,
    inputSchema: {},
    steps: steps.map((step) => (typeof step === 'string' ? testStep(step) : step)),
    ...overrides,
  };
}
