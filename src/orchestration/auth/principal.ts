import type { ApiKeyScope } from './api-key-scope.js';

/** How a caller was identified. */
export const PrincipalKinds = {
  /** A caller that presented a valid, unrevoked API key. */
  ApiKey: 'api-key',
  /** Any caller while `AUTH_DISABLED=true` (local use only): it holds every scope. */
  AuthDisabled: 'auth-disabled',
} as const;
export type PrincipalKind = (typeof PrincipalKinds)[keyof typeof PrincipalKinds];

/** Who is calling: recorded in the audit log and on the sagas it starts. */
export interface Principal {
  readonly kind: PrincipalKind;
  /** The API key id (`sk_<id>_…`), or `auth-disabled`. Never the secret. */
  readonly id: string;
  /** The key's human name (`--name` at creation). */
  readonly name: string;
  readonly scopes: readonly ApiKeyScope[];
}

/** True when the principal holds `scope`. */
export function principalHasScope(principal: Principal, scope: ApiKeyScope): boolean {
  return principal.scopes.includes(scope);
}
