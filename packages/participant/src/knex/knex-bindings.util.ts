/**
 * Rewrites the SDK's `$1`, `$2`… placeholders into Knex's positional `?` (Knex numbers them
 * again for `pg`), repeating or reordering the values as the text uses them. Only the SDK's own
 * fence statements pass through here; none has a `?` or a `$n` inside a string literal.
 */
export function toKnexBindings(text: string, values: readonly unknown[]): { sql: string; bindings: unknown[] } {
  const bindings: unknown[] = [];
  const sql = text.replace(/\$(\d+)/g, (_, index: string) => {
    const position = Number(index) - 1;
    if (position < 0 || position >= values.length) throw new RangeError(`No value for $${index} in: ${text}`);
    bindings.push(values[position]);
    return '?';
  });
  return { sql, bindings };
}
