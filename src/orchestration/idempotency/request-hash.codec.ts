import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.codec.js';

/** The parts of a start request that make two requests "the same body" for idempotency. */
export interface StartRequestIdentity {
  readonly definition: string;
  readonly version?: number;
  readonly input: unknown;
}

/** SHA-256 (hex) of the request's canonical JSON: key order and whitespace do not matter. */
export function startRequestHash(request: StartRequestIdentity): string {
  return sha256Hex(canonicalJson({ definition: request.definition, version: request.version ?? null, input: request.input }));
}

/** SHA-256 (hex) of a definition's canonical JSON: tells an identical re-registration from a conflicting one. */
export function contentHash(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
