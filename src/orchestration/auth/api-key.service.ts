import { Injectable } from '@nestjs/common';
import { ApiKeyStore, type StoredApiKey } from '../ports/api-key-store.port.js';
import type { ApiKeyScope } from './api-key-scope.js';
import { generateApiKey } from './api-key-token.util.js';

/** An API key as operators see it: never the secret nor its hash. */
export interface ApiKeyView {
  readonly id: string;
  readonly name: string;
  readonly scopes: readonly ApiKeyScope[];
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

/** A created key: `token` is the only time the secret is shown. */
export interface CreatedApiKey {
  readonly key: ApiKeyView;
  readonly token: string;
}

function toApiKeyView(stored: StoredApiKey): ApiKeyView {
  return { id: stored.id, name: stored.name, scopes: stored.scopes, createdAt: stored.createdAt, revokedAt: stored.revokedAt };
}

/** Key management for the operator CLI (`npm run keys -- create|list|revoke`). */
@Injectable()
export class ApiKeyService {
  constructor(private readonly store: ApiKeyStore) {}

  /** A new key with these scopes; the returned token is not stored anywhere. */
  async create(name: string, scopes: readonly ApiKeyScope[]): Promise<CreatedApiKey> {
    const generated = generateApiKey();
    const stored = await this.store.insert({ id: generated.id, name, secretHash: generated.secretHash, scopes: [...new Set(scopes)] });
    return { key: toApiKeyView(stored), token: generated.token };
  }

  /** Oldest first, revoked keys included. */
  async list(): Promise<ApiKeyView[]> {
    return (await this.store.list()).map(toApiKeyView);
  }

  /** False when no such key exists or it was revoked before. Takes effect on the next request. */
  async revoke(id: string): Promise<boolean> {
    return this.store.revoke(id);
  }
}
