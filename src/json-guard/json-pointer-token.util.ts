/** Escapes one reference token per RFC 6901 §3: `~` → `~0`, `/` → `~1` (in that order). */
export function escapeJsonPointerToken(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}
