import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.codec.js';
import { startRequestHash } from './request-hash.codec.js';

/** The same object with its keys in reverse order, at every level. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reverseKeys(v)]),
  );
}

describe(canonicalJson.name, () => {
  test.prop([fc.jsonValue()])('does not depend on key order', (value) => {
    expect(canonicalJson(reverseKeys(value))).toBe(canonicalJson(value));
  });

  it('sorts nested keys and keeps array order', () => {
    expect(canonicalJson({ b: [2, 1], a: { d: 1, c: 2 } })).toBe('{"a":{"c":2,"d":1},"b":[2,1]}');
  });
});

describe(startRequestHash.name, () => {
  test.prop([fc.jsonValue()])('is the same for the same body written in another key order', (input) => {
    expect(startRequestHash({ definition: 'order', input: reverseKeys(input) })).toBe(startRequestHash({ definition: 'order', input }));
  });

  it('differs when the input, the definition or the version differs', () => {
    const base = startRequestHash({ definition: 'order', input: { a: 1 } });
    expect(startRequestHash({ definition: 'order', input: { a: 2 } })).not.toBe(base);
    expect(startRequestHash({ definition: 'other', input: { a: 1 } })).not.toBe(base);
    expect(startRequestHash({ definition: 'order', version: 1, input: { a: 1 } })).not.toBe(base);
  });
});
