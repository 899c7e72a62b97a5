import { escapeJsonPointerToken } from './json-pointer-token.util.js';
import type { JsonValueLimits } from './json-value-limits.js';

/** Keys that could reach an object's prototype in code that copies or merges the body. */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** The rules a parsed JSON value can break (each is also an HTTP problem type of the same name). */
export type JsonViolationType = 'json-too-deep' | 'forbidden-json-key' | 'invalid-json-string' | 'json-array-too-long' | 'json-number-out-of-range';

/** Why a parsed JSON body is refused, and where. */
export interface JsonViolation {
  readonly problemType: JsonViolationType;
  /** RFC 6901 pointer into the body. */
  readonly pointer: string;
  readonly message: string;
}

/** True for a key that must never appear in a body. */
export function isForbiddenJsonKey(key: string): boolean {
  return FORBIDDEN_KEYS.has(key);
}

/** True for a string PostgreSQL jsonb cannot store (NUL) or that is not well-formed UTF-16. */
export function isUnstorableString(value: string): boolean {
  // Native scans: a Unicode-mode regex over every string of a 200 KB body cost five times as much.
  return value.includes('\u0000') || !value.isWellFormed();
}

interface Pending {
  readonly value: unknown;
  readonly pointer: string;
  readonly depth: number;
}

function checkKey(key: string, pointer: string): JsonViolation | undefined {
  if (isForbiddenJsonKey(key)) {
    return { problemType: 'forbidden-json-key', pointer, message: `The key "${key}" is not allowed.` };
  }
  if (isUnstorableString(key)) {
    return { problemType: 'invalid-json-string', pointer, message: 'Keys must not contain U+0000 or lone surrogates.' };
  }
  return undefined;
}

/**
 * The first rule a parsed JSON value breaks, or undefined when it is safe to pass on unchanged.
 * Walks iteratively (no recursion), so depth alone cannot overflow the stack.
 */
export function findJsonViolation(root: unknown, limits: JsonValueLimits): JsonViolation | undefined {
  const pending: Pending[] = [{ value: root, pointer: '', depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value, pointer, depth } = next;
    if (typeof value === 'string') {
      if (isUnstorableString(value)) {
        return { problemType: 'invalid-json-string', pointer, message: 'Strings must not contain U+0000 or lone surrogates.' };
      }
      continue;
    }
    // JSON.parse turns 1e400 into Infinity, which JSON.stringify (and so the store) would turn into null.
    if (typeof value === 'number' && !Number.isFinite(value)) {
      return { problemType: 'json-number-out-of-range', pointer, message: 'Numbers must be within the IEEE 754 double range (about ±1.8e308).' };
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth + 1 > limits.maxDepth) {
      return { problemType: 'json-too-deep', pointer, message: `Nesting deeper than ${limits.maxDepth} levels.` };
    }
    if (Array.isArray(value)) {
      if (value.length > limits.maxArrayLength) {
        return { problemType: 'json-array-too-long', pointer, message: `Arrays may hold at most ${limits.maxArrayLength} items.` };
      }
      value.forEach((item, index) => pending.push({ value: item, pointer: `${pointer}/${index}`, depth: depth + 1 }));
      continue;
    }
    for (const key of Object.keys(value)) {
      const childPointer = `${pointer}/${escapeJsonPointerToken(key)}`;
      const violation = checkKey(key, childPointer);
      if (violation) return violation;
      pending.push({ value: (value as Record<string, unknown>)[key], pointer: childPointer, depth: depth + 1 });
    }
  }
  return undefined;
}
