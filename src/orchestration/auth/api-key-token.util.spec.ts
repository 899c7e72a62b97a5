import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { apiKeySecretMatches, generateApiKey, hashApiKeySecret, parseApiKey } from './api-key-token.util.js';

describe(generateApiKey.name, () => {
  it('makes a key that parses back to its id, whose secret matches the stored hash', () => {
    const key = generateApiKey();
    const parsed = parseApiKey(key.token);
    expect(parsed?.id).toBe(key.id);
    expect(apiKeySecretMatches(parsed!.secret, key.secretHash)).toBe(true);
  });

  it('never makes the same key twice', () => {
    const tokens = new Set(Array.from({ length: 200 }, () => generateApiKey().token));
    expect(tokens.size).toBe(200);
  });
});

describe(parseApiKey.name, () => {
  it('refuses anything that is not sk_<12 hex>_<43 base64url>', () => {
    expect(parseApiKey('sk_0123456789ab_' + 'A'.repeat(42))).toBeUndefined();
    expect(parseApiKey('sk_0123456789AB_' + 'A'.repeat(43))).toBeUndefined();
    expect(parseApiKey('pk_0123456789ab_' + 'A'.repeat(43))).toBeUndefined();
    expect(parseApiKey(' sk_0123456789ab_' + 'A'.repeat(43))).toBeUndefined();
  });
});

describe(apiKeySecretMatches.name, () => {
  test.prop([fc.string(), fc.string()])('matches exactly when the secrets are equal', (stored, presented) => {
    expect(apiKeySecretMatches(presented, hashApiKeySecret(stored))).toBe(presented === stored);
  });

  it('refuses a stored hash of the wrong length instead of throwing', () => {
    expect(apiKeySecretMatches('secret', Buffer.alloc(3))).toBe(false);
  });
});
