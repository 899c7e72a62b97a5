import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { generateWebhookSecret, WebhookSecretCodec } from './webhook-secret.codec.js';

describe(WebhookSecretCodec.name, () => {
  const key = randomBytes(32).toString('base64');

  it('seals with AES-256-GCM when a key is set: the stored form does not contain the secret, and opens back', () => {
    const secret = generateWebhookSecret();
    const sut = new WebhookSecretCodec(key);
    const sealed = sut.seal(secret);
    expect(sealed).not.toContain(secret.slice(6));
    expect(sut.open(sealed)).toBe(secret);
  });

  it('refuses to open a value sealed under another key', () => {
    const sealed = new WebhookSecretCodec(key).seal(generateWebhookSecret());
    expect(() => new WebhookSecretCodec(randomBytes(32).toString('base64')).open(sealed)).toThrow();
    expect(() => new WebhookSecretCodec('').open(sealed)).toThrow(/WEBHOOK_SECRET_ENCRYPTION_KEY/);
  });

  it('keeps secrets as they are without a key', () => {
    const sut = new WebhookSecretCodec('');
    expect(sut.encrypts).toBe(false);
    expect(sut.open(sut.seal('whsec_abc'))).toBe('whsec_abc');
  });
});

describe(generateWebhookSecret.name, () => {
  it('writes a whsec_ secret of 32 random bytes that the Standard Webhooks library accepts', () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(() => new Webhook(secret)).not.toThrow();
    expect(generateWebhookSecret()).not.toBe(secret);
  });
});
