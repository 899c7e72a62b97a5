import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { ApiKeyStore } from '../ports/api-key-store.port.js';
import { AllApiKeyScopes } from './api-key-scope.js';
import { apiKeySecretMatches, hashApiKeySecret, parseApiKey } from './api-key-token.util.js';
import type { AuthenticationResult } from './authentication-result.js';
import { PrincipalKinds, type Principal } from './principal.js';

/** Every caller while `AUTH_DISABLED=true`. */
export const AuthDisabledPrincipal: Principal = Object.freeze({
  kind: PrincipalKinds.AuthDisabled,
  id: 'auth-disabled',
  name: 'auth disabled (AUTH_DISABLED=true)',
  scopes: AllApiKeyScopes,
});

/** Compared against when the key id is unknown, so an unknown id costs the same time as a wrong secret. */
const DECOY_HASH = hashApiKeySecret('decoy');

/**
 * Turns a presented API key into a principal: looks the key up by its public id, compares the
 * SHA-256 of the secret in constant time, refuses revoked keys. With `AUTH_DISABLED=true` every
 * caller is the all-scopes `auth-disabled` principal (and the start-up log says so loudly).
 */
@Injectable()
export class ApiKeyAuthenticator implements OnApplicationBootstrap {
  private readonly logger = new Logger(ApiKeyAuthenticator.name);

  constructor(
    private readonly store: ApiKeyStore,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.authDisabled) {
      this.logger.warn(
        'AUTH DISABLED (AUTH_DISABLED=true): every caller may start, read and operate sagas and register definitions. ' +
          'For local use only; never expose this coordinator.',
      );
    }
  }

  /** True when `AUTH_DISABLED=true`. */
  get disabled(): boolean {
    return this.config.authDisabled;
  }

  /** @throws StoreUnavailableError when the key store cannot be read. */
  async authenticate(presentedKey: string | undefined): Promise<AuthenticationResult> {
    if (this.config.authDisabled) return { kind: 'authenticated', principal: AuthDisabledPrincipal };
    if (presentedKey === undefined || presentedKey === '') return { kind: 'missing' };
    const parsed = parseApiKey(presentedKey);
    if (!parsed) return { kind: 'invalid' };
    const stored = await this.store.find(parsed.id);
    const matches = apiKeySecretMatches(parsed.secret, stored?.secretHash ?? DECOY_HASH);
    if (!stored || !matches || stored.revokedAt !== null) return { kind: 'invalid' };
    return {
      kind: 'authenticated',
      principal: { kind: PrincipalKinds.ApiKey, id: stored.id, name: stored.name, scopes: stored.scopes },
    };
  }
}
