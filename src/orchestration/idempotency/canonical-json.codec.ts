/**
 * JSON with object keys sorted at every level, so that two equal values always serialise
 * (and hash) the same, whatever order their keys were written in. `undefined` properties are
 * dropped, as `JSON.stringify` does.
 */
export function canonicalJson(value: unknown): string {
  return (
    JSON.stringify(value, (_key, v: unknown) => {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
      const sorted: Record<string, unknown> = {};
      for (const key of Object.keys(v).sort()) sorted[key] = (v as Record<string, unknown>)[key];
      return sorted;
    }) ?? 'null'
  );
}
