import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { findRawJsonViolation } from './raw-json-guard.util.js';
import { safeJsonValue } from './testing/safe-json.arbitrary.js';

describe(findRawJsonViolation.name, () => {
  test.prop([safeJsonValue])('passes the UTF-8 text of any JSON value within the limits', (value) => {
    expect(findRawJsonViolation(Buffer.from(JSON.stringify(value), 'utf8'), 64)).toBeUndefined();
  });

  test.prop([fc.constantFrom([0xff], [0xc3], [0xed, 0xa0, 0x80], [0xc0, 0xaf]), fc.nat(10)])(
    'refuses any invalid UTF-8 sequence (stray, truncated, surrogate, overlong) wherever it is',
    (bad, at) => {
      const text = Buffer.from(`{"name":"${'x'.repeat(10)}"}`, 'utf8');
      const raw = Buffer.concat([text.subarray(0, 9 + at), Buffer.from(bad), text.subarray(9 + at)]);
      expect(findRawJsonViolation(raw, 64)).toEqual({ problemType: 'malformed-json', message: 'The JSON text is not valid UTF-8.' });
    },
  );

  it('refuses nesting past the limit', () => {
    expect(findRawJsonViolation(Buffer.from('['.repeat(100_000) + ']'.repeat(100_000)), 64)?.problemType).toBe('json-too-deep');
  });
});
