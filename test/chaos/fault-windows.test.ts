import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { faultWindow, SlowChargeSizes } from './support/fault-windows.js';
import { DefaultChaosSagaCount } from './support/seeded-random.util.js';

/** The charge step of the example order definition (its retry policy is what faults 19 and 20 wait out). */
const chargeStep = (
  JSON.parse(readFileSync(resolve(import.meta.dirname, '../../examples/order/order.definition.json'), 'utf8')) as {
    steps: Array<{
      name: string;
      timeoutMs: number;
      retry: { maxAttempts: number; initialDelayMs: number; backoffCoefficient: number; maxDelayMs: number; jitter: number };
    }>;
  }
).steps.find((step) => step.name === 'charge-payment')!;

describe(faultWindow.name, () => {
  it('takes the CI window at the default size and the published one for any larger run', () => {
    const sizes = { published: 30_000, ci: 10_000 };
    expect(faultWindow(sizes, DefaultChaosSagaCount)).toBe(10_000);
    expect(faultWindow(sizes, 4)).toBe(10_000);
    expect(faultWindow(sizes, DefaultChaosSagaCount + 1)).toBe(30_000);
    expect(faultWindow(sizes, 1_000)).toBe(30_000);
  });
});

describe('the slow charge of faults 19 and 20', () => {
  // Every attempt times out, with the longest backoffs jitter allows between them.
  const turnsBackAfterMs = (timeoutMs: number) => {
    const { maxAttempts, initialDelayMs, backoffCoefficient, maxDelayMs, jitter } = chargeStep.retry;
    const backoffs = Array.from({ length: maxAttempts - 1 }, (_, n) => Math.min(maxDelayMs, initialDelayMs * backoffCoefficient ** n) * (1 + jitter));
    return maxAttempts * timeoutMs + backoffs.reduce((a, b) => a + b, 0);
  };

  it.each(Object.entries(SlowChargeSizes))(
    'commits at least 8 s after the saga turned back (%s size), so that its reply is late',
    (_size, { chargeTimeoutMs, slowChargeMs }) => {
      expect(slowChargeMs - turnsBackAfterMs(chargeTimeoutMs)).toBeGreaterThanOrEqual(8_000);
    },
  );

  it("keeps the order definition's own timeout at the published size", () => {
    expect(SlowChargeSizes.published.chargeTimeoutMs).toBe(chargeStep.timeoutMs);
  });
});
