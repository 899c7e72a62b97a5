import { DefaultJsonValueLimits, type JsonValueLimits } from '../../json-guard/json-value-limits.js';

/** The limits every JSON request body is held to: its size, and the value limits (400 past the depth, 422 past the array length). */
export interface JsonLimits extends JsonValueLimits {
  /** body-parser limit (`256kb`, `1mb`, or bytes). */
  readonly bodyLimit: string;
}

export const DefaultJsonLimits: JsonLimits = {
  bodyLimit: '256kb',
  ...DefaultJsonValueLimits,
};

/** A size body-parser understands: bytes, or a number with b/kb/mb. */
const BODY_LIMIT_PATTERN = /^\d+(?:\.\d+)?\s*(?:b|kb|mb)?$/i;

/**
 * The JSON limits from environment values: `HTTP_BODY_LIMIT` (default 256kb). A malformed value
 * fails at start-up rather than silently falling back to a default. The coordinator takes the
 * body limit from its typed configuration (main.ts); this serves callers with plain values.
 */
export function jsonLimitsFromEnv(env: Readonly<Record<string, string | undefined>>): JsonLimits {
  const bodyLimit = env.HTTP_BODY_LIMIT?.trim();
  if (bodyLimit === undefined || bodyLimit === '') {
    return DefaultJsonLimits;
  }
  if (!BODY_LIMIT_PATTERN.test(bodyLimit)) {
    throw new Error(`HTTP_BODY_LIMIT must be a size like 256kb or 1mb, got "${bodyLimit}".`);
  }
  return { ...DefaultJsonLimits, bodyLimit };
}
