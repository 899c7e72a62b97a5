import { defineSaga } from '../definition/saga-definition.builder.js';
import type { RetryPolicy } from '../definition/saga-definition.js';
import { orderInputSchema } from './order-input.schema.js';

/** Technical errors and timeouts: 3 attempts, 0.5 s then 1 s backoff (±20 %). */
const stepRetry: Partial<RetryPolicy> = { maxAttempts: 3, initialDelayMs: 500, backoffCoefficient: 2, maxDelayMs: 5_000, jitter: 0.2 };
/** Undoing must not give up easily: 5 attempts up to 10 s apart before an operator is needed. */
const compensationRetry: Partial<RetryPolicy> = { maxAttempts: 5, initialDelayMs: 500, backoffCoefficient: 2, maxDelayMs: 10_000, jitter: 0.2 };
const stepTimeoutMs = 10_000;

/**
 * The `order` saga, version 1, in the builder form: reserve the stock, charge the customer,
 * ship. Every step is compensatable; a refusal at any step undoes the ones before it in reverse
 * order. The example's canonical form is examples/order/order.definition.json (what the
 * coordinator registers from `INITIAL_DEFINITIONS_FILE`); the builder lives in the engine, not in
 * a package the example may import, so this twin is a test fixture, and
 * order-saga-json.spec.ts proves the two say the same.
 */
export const orderSagaDefinition = defineSaga('order')
  .version(1)
  .description('Reserve inventory, charge payment, create the shipment; undo in reverse when a step fails.')
  .input(orderInputSchema)
  .step('reserve-inventory', (step) =>
    step
      .participant('inventory')
      .command('reserve-inventory')
      .compensation('release-inventory')
      .timeout(stepTimeoutMs)
      .retry(stepRetry)
      .compensationRetry(compensationRetry),
  )
  .step('charge-payment', (step) =>
    step
      .participant('payment')
      .command('charge-payment')
      .compensation('refund-payment')
      .timeout(stepTimeoutMs)
      .retry(stepRetry)
      .compensationRetry(compensationRetry),
  )
  .step('create-shipment', (step) =>
    step
      .participant('shipping')
      .command('create-shipment')
      .compensation('cancel-shipment')
      .timeout(stepTimeoutMs)
      .retry(stepRetry)
      .compensationRetry(compensationRetry),
  )
  .build();
