import { describe, expect, it } from 'vitest';
import { isSafeSqlIdentifier, quoteSqlIdentifier } from './sql-identifier.util.js';

describe(isSafeSqlIdentifier.name, () => {
  it('accepts lower-case snake-case names', () => {
    expect(isSafeSqlIdentifier('inventory')).toBe(true);
    expect(isSafeSqlIdentifier('_order_2')).toBe(true);
  });

  it('refuses anything that could change the SQL it is put into', () => {
    for (const name of ['', 'Inventory', 'a-b', 'a"; DROP TABLE x; --', '1abc', 'a'.repeat(64)]) {
      expect(isSafeSqlIdentifier(name)).toBe(false);
    }
  });
});

describe(quoteSqlIdentifier.name, () => {
  it('quotes a safe name and throws on an unsafe one', () => {
    expect(quoteSqlIdentifier('payment')).toBe('"payment"');
    expect(() => quoteSqlIdentifier('x"y')).toThrow(RangeError);
  });
});
