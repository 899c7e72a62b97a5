import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { escapeJsonPointerToken, toJsonPointer } from './json-pointer.util.js';

/** RFC 6901 §4 decoding, to check that pointers round-trip. */
function parsePointer(pointer: string): string[] {
  return pointer === ''
    ? []
    : pointer
        .slice(1)
        .split('/')
        .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
}

describe(toJsonPointer.name, () => {
  it('joins keys and indexes under a slash each', () => {
    expect(toJsonPointer(['items', 0, 'sku'])).toBe('/items/0/sku');
  });

  it('places the path under the prefix', () => {
    expect(toJsonPointer(['orderId'], '/input')).toBe('/input/orderId');
  });

  it('points at the whole document (or the prefix) for an empty path', () => {
    expect(toJsonPointer([])).toBe('');
    expect(toJsonPointer(undefined, '/input')).toBe('/input');
  });

  it('reads the key of Standard Schema path segment objects', () => {
    expect(toJsonPointer([{ key: 'a' }, { key: 1 }])).toBe('/a/1');
  });

  it('escapes ~ before / so that "~1" in a key stays distinguishable from "/"', () => {
    expect(escapeJsonPointerToken('a/b~c')).toBe('a~1b~0c');
    expect(toJsonPointer(['~1'])).toBe('/~01');
  });

  test.prop([fc.array(fc.string())])('round-trips any list of keys through RFC 6901 decoding', (keys) => {
    expect(parsePointer(toJsonPointer(keys))).toEqual(keys);
  });
});
