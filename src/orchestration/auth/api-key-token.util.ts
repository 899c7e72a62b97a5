import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys look like `sk_<id>_<secret>`: the id (12 hex chars) is public and finds the row, the
 * secret (43 base64url chars, 256 random bits) is only ever stored as its SHA-256. A fast hash is
 * enough for a key with that much entropy (no dictionary to guess from), so verification stays cheap.
 */
const KEY_PATTERN = /^sk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

/** A key split into its lookup id and its secret part. */
export interface ParsedApiKey {
  readonly id: string;
  readonly secret: string;
}

/** A freshly generated key: `token` is shown once; only `id` and `secretHash` are stored. */
export interface GeneratedApiKey {
  readonly id: string;
  readonly token: string;
  readonly secretHash: Buffer;
}

/** The id and secret of a well-formed key; undefined for anything else. */
export function parseApiKey(token: string): ParsedApiKey | undefined {
  const match = KEY_PATTERN.exec(token);
  return match ? { id: match[1]!, secret: match[2]! } : undefined;
}

/** SHA-256 of the secret part. */
export function hashApiKeySecret(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/** Compares a presented secret with a stored hash in constant time (no early exit on the first differing byte). */
export function apiKeySecretMatches(secret: string, storedHash: Buffer): boolean {
  const presented = hashApiKeySecret(secret);
  return storedHash.length === presented.length && timingSafeEqual(presented, storedHash);
}

/** A new random key. */
export function generateApiKey(): GeneratedApiKey {
  const id = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { id, token: `sk_${id}_${secret}`, secretHash: hashApiKeySecret(secret) };
}
