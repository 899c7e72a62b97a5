import { isUtf8 } from 'node:buffer';
import { exceedsJsonDepth } from './json-depth.util.js';

/** Why raw JSON bytes are refused before they are parsed. */
export interface RawJsonViolation {
  readonly problemType: 'malformed-json' | 'json-too-deep';
  readonly message: string;
}

/**
 * The first rule raw JSON bytes break before parsing, or undefined: invalid UTF-8 (a decoder
 * would silently turn it into U+FFFD, storing text the sender never sent) and nesting deeper
 * than `maxDepth` (refused in one pass, before JSON.parse could spend time or stack on it).
 */
export function findRawJsonViolation(raw: Uint8Array, maxDepth: number): RawJsonViolation | undefined {
  if (!isUtf8(raw)) return { problemType: 'malformed-json', message: 'The JSON text is not valid UTF-8.' };
  if (exceedsJsonDepth(raw, maxDepth)) return { problemType: 'json-too-deep', message: `The JSON text nests deeper than ${maxDepth} levels.` };
  return undefined;
}
