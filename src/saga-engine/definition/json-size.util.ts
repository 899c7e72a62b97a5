/**
 * The UTF-8 length of `JSON.stringify(value)` when it is at most `limit` bytes, else undefined;
 * found without building the JSON, and stopping as soon as the count passes `limit` (every
 * value adds at least one byte, so the walk costs at most `limit` steps whatever `value` is,
 * even when it repeats one large object by reference many times). For the plain data of saga
 * inputs, outputs and mapping results (no `toJSON`, no cycles).
 */
export function jsonByteLengthWithin(value: unknown, limit: number): number | undefined {
  let total = 0;
  const add = (bytes: number): boolean => {
    total += bytes;
    return total <= limit;
  };
  const visit = (item: unknown): boolean => {
    if (item === null || item === undefined || typeof item === 'function' || typeof item === 'symbol') return add(4);
    if (typeof item === 'string') return add(stringBytes(item, limit - total));
    if (typeof item === 'number') return add(Number.isFinite(item) ? String(item).length : 4);
    if (typeof item === 'boolean') return add(item ? 4 : 5);
    if (typeof item === 'bigint') return add(limit + 1); // JSON.stringify throws on it: never within a limit
    if (Array.isArray(item)) {
      if (!add(2 + Math.max(0, item.length - 1))) return false;
      for (const element of item as unknown[]) if (!visit(element)) return false;
      return true;
    }
    const entries = Object.entries(item).filter(([, field]) => field !== undefined && typeof field !== 'function' && typeof field !== 'symbol');
    if (!add(2 + Math.max(0, entries.length - 1))) return false;
    for (const [key, field] of entries) if (!add(stringBytes(key, limit - total) + 1) || !visit(field)) return false;
    return true;
  };
  return visit(value) ? total : undefined;
}

/** UTF-8 bytes of `text` as a JSON string (quotes and escapes included), or more than `budget` once it passes it. */
function stringBytes(text: string, budget: number): number {
  // Every UTF-16 unit takes at least one byte: a string longer than the budget is over it unread.
  if (text.length + 2 > budget) return budget + 1;
  let bytes = 2;
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index);
    if (unit === 0x22 || unit === 0x5c || unit === 0x08 || unit === 0x0c || unit === 0x0a || unit === 0x0d || unit === 0x09) bytes += 2;
    else if (unit < 0x20) bytes += 6;
    else if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        index += 1;
      } else bytes += 6; // a lone surrogate is escaped as \udXXX
    } else if (unit >= 0xdc00 && unit <= 0xdfff) bytes += 6;
    else bytes += 3;
  }
  return bytes;
}
