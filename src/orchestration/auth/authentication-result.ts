import type { Principal } from './principal.js';

/** What the authenticator made of the presented credentials. */
export type AuthenticationResult =
  /** A valid, unrevoked key (or auth is disabled). */
  | { readonly kind: 'authenticated'; readonly principal: Principal }
  /** No key was presented. */
  | { readonly kind: 'missing' }
  /** A key was presented but is malformed, unknown, wrong or revoked (deliberately not told apart). */
  | { readonly kind: 'invalid' };
