/** A path segment as Standard Schema issues carry it: a key, or an object holding the key. */
export type PathSegment = PropertyKey | { readonly key: PropertyKey };

import { escapeJsonPointerToken } from '../../json-guard/json-pointer-token.util.js';

export { escapeJsonPointerToken };

/**
 * The RFC 6901 JSON pointer of a validation path, optionally under a prefix pointer
 * (`toJsonPointer(['items', 0, 'sku'], '/input')` → `/input/items/0/sku`). The empty path is
 * the whole document: the prefix itself, or `""`.
 */
export function toJsonPointer(path: readonly PathSegment[] | undefined, prefix = ''): string {
  const tokens = (path ?? []).map((segment) => {
    const key = typeof segment === 'object' && segment !== null ? segment.key : segment;
    return '/' + escapeJsonPointerToken(typeof key === 'symbol' ? (key.description ?? '') : String(key));
  });
  return prefix + tokens.join('');
}
