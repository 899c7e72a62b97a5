/** A path segment as Standard Schema issues carry it: a key, or an object holding the key. */
export type PathSegment = PropertyKey | { readonly key: PropertyKey };

/** Escapes one reference token per RFC 6901 §3: `~` → `~0`, `/` → `~1` (in that order). */
export function escapeJsonPointerToken(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}

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
