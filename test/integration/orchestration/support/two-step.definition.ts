import type { SagaDefinition } from '../../../../src/saga-engine/definition/saga-definition.js';

// Long backoff: tests make timers due by hand, so nothing fires behind their back.
const retry = { maxAttempts: 2, initialDelayMs: 30_000, backoffCoefficient: 2, maxDelayMs: 60_000, jitter: 0 };

/** A small saga for runtime tests: `reserve` (stock) → `charge` (bank), both compensatable. */
export const twoStepDefinition: SagaDefinition = {
  name: 'two-step',
  version: 1,
  inputSchema: {
    type: 'object',
    properties: {
      orderId: { type: 'string', minLength: 1 },
      amount: { type: 'number', minimum: 0 },
      email: { type: 'string', format: 'email' },
    },
    required: ['orderId', 'amount'],
    additionalProperties: false,
  },
  steps: [
    {
      type: 'step',
      name: 'reserve',
      participant: 'stock',
      command: 'reserve',
      compensation: 'release',
      kind: 'compensatable',
      timeoutMs: 60_000,
      retry,
      compensationRetry: retry,
    },
    {
      type: 'step',
      name: 'charge',
      participant: 'bank',
      command: 'charge',
      compensation: 'refund',
      kind: 'compensatable',
      timeoutMs: 60_000,
      retry,
      compensationRetry: retry,
    },
  ],
};
