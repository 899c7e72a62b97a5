import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Standard Webhooks secrets are `whsec_` + base64 of the HMAC key. */
const SecretPrefix = 'whsec_';
/** Stored forms: `aes-256-gcm:<iv>.<tag>.<ciphertext>` (base64 each) or, without a key, `plain:<secret>`. */
const SealedPrefix = 'aes-256-gcm:';
const PlainPrefix = 'plain:';

/** A new signing secret: 32 random bytes (the HMAC-SHA256 key), as the spec writes it. */
export function generateWebhookSecret(): string {
  return SecretPrefix + randomBytes(32).toString('base64');
}

/**
 * Seals secrets for storage. The server must sign with them, so they cannot be hashed: with a
 * key (`WEBHOOK_SECRET_ENCRYPTION_KEY`) they are encrypted with AES-256-GCM, which also detects a
 * tampered or wrongly keyed value; without one they are kept as they are.
 */
export class WebhookSecretCodec {
  private readonly key: Buffer | undefined;

  /** `base64Key`: 32 bytes in base64, or empty for no encryption. */
  constructor(base64Key: string) {
    this.key = base64Key === '' ? undefined : Buffer.from(base64Key, 'base64');
    if (this.key && this.key.length !== 32) throw new Error('the webhook secret encryption key must be 32 bytes');
  }

  get encrypts(): boolean {
    return this.key !== undefined;
  }

  seal(secret: string): string {
    if (!this.key) return PlainPrefix + secret;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return `${SealedPrefix}${iv.toString('base64')}.${cipher.getAuthTag().toString('base64')}.${ciphertext.toString('base64')}`;
  }

  /** @throws Error when the value was sealed with another key, or under a key when none is configured. */
  open(sealed: string): string {
    if (sealed.startsWith(PlainPrefix)) return sealed.slice(PlainPrefix.length);
    if (!sealed.startsWith(SealedPrefix)) throw new Error('unknown sealed secret format');
    if (!this.key) throw new Error('the secret is encrypted but WEBHOOK_SECRET_ENCRYPTION_KEY is not set');
    const [iv, tag, ciphertext] = sealed.slice(SealedPrefix.length).split('.');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv ?? '', 'base64'));
    decipher.setAuthTag(Buffer.from(tag ?? '', 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext ?? '', 'base64')), decipher.final()]).toString('utf8');
  }
}
