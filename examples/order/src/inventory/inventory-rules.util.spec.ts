import { describe, expect, it } from 'vitest';
import { lineExceedingStock } from './inventory-rules.util.js';

describe(lineExceedingStock.name, () => {
  it('finds the first line over 1000 units', () => {
    const lines = [
      { sku: 'a', quantity: 1000, unitPrice: 1 },
      { sku: 'b', quantity: 1001, unitPrice: 1 },
    ];
    expect(lineExceedingStock(lines)?.sku).toBe('b');
  });

  it('finds none when every line is within the limit', () => {
    expect(lineExceedingStock([{ sku: 'a', quantity: 1000, unitPrice: 1 }])).toBeUndefined();
  });
});
