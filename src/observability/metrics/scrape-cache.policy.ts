/**
 * Memoises an async read for `ttlMs`, sharing one in-flight call: several gauges (and several
 * scrapers) read the same query without each hitting the database. A failed read is not cached.
 */
export function cached<T>(read: () => Promise<T>, ttlMs: number, now: () => number = Date.now): () => Promise<T> {
  let entry: { at: number; value: Promise<T> } | undefined;
  return () => {
    if (entry !== undefined && now() - entry.at < ttlMs) return entry.value;
    const value = read();
    const current = { at: now(), value };
    entry = current;
    value.catch(() => {
      if (entry === current) entry = undefined;
    });
    return value;
  };
}
