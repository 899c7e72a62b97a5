import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { isValidIdempotencyKey } from './idempotency-key.decorator.js';

describe(isValidIdempotencyKey.name, () => {
  test.prop([fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code)), minLength: 1, maxLength: 200 })])(
    'accepts any 1..200 visible ASCII characters',
    (key) => {
      expect(isValidIdempotencyKey(key)).toBe(true);
    },
  );

  it.each(['', ' ', 'a b', 'k\u0000', 'é', 'x'.repeat(201), 'a, b'])('refuses %j', (key) => {
    expect(isValidIdempotencyKey(key)).toBe(false);
  });
});
