import type { ApiKeyScope } from '../auth/api-key-scope.js';

/** An API key row. The secret itself is never stored, only its SHA-256. */
export interface StoredApiKey {
  readonly id: string;
  readonly name: string;
  readonly secretHash: Buffer;
  readonly scopes: readonly ApiKeyScope[];
  readonly createdAt: string;
  /** ISO 8601; null while the key is valid. */
  readonly revokedAt: string | null;
}

/** A key to store. */
export interface NewApiKey {
  readonly id: string;
  readonly name: string;
  readonly secretHash: Buffer;
  readonly scopes: readonly ApiKeyScope[];
}

/** Persistence of API keys (table `api_key`). */
export abstract class ApiKeyStore {
  abstract find(id: string): Promise<StoredApiKey | null>;
  abstract insert(key: NewApiKey): Promise<StoredApiKey>;
  /** Oldest first, revoked ones included. */
  abstract list(): Promise<StoredApiKey[]>;
  /** Marks the key revoked; false when there is no such key or it was revoked before. */
  abstract revoke(id: string): Promise<boolean>;
}
