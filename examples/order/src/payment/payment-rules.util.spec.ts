import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { formatCents, isPaymentDeclined, orderTotalCents } from './payment-rules.util.js';

describe(orderTotalCents.name, () => {
  it('sums quantity × unit price exactly, in cents', () => {
    expect(
      orderTotalCents([
        { sku: 'a', quantity: 3, unitPrice: 0.1 },
        { sku: 'b', quantity: 1, unitPrice: 0.2 },
      ]),
    ).toBe(50);
  });
});

describe(isPaymentDeclined.name, () => {
  it('accepts a total of exactly 10000 and declines one cent more', () => {
    expect(isPaymentDeclined(1_000_000)).toBe(false);
    expect(isPaymentDeclined(1_000_001)).toBe(true);
  });
});

describe(formatCents.name, () => {
  test.prop([fc.integer({ min: 0, max: 10 ** 12 })])('round-trips through a decimal string', (cents) => {
    expect(Math.round(Number(formatCents(cents)) * 100)).toBe(cents);
  });
});
