import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiSecurity } from '@nestjs/swagger';
import type { ApiKeyScope } from '../../orchestration/auth/api-key-scope.js';

/** Metadata key of the scope an endpoint requires. */
export const REQUIRED_SCOPE = 'saga-coordinator:required-scope';

/** Names of the two ways to present a key, as the OpenAPI document declares them. */
export const SecuritySchemeNames = {
  /** `Authorization: Bearer sk_<id>_<secret>`. */
  Bearer: 'bearer',
  /** `X-API-Key: sk_<id>_<secret>`. */
  ApiKeyHeader: 'api-key',
} as const;

/**
 * The scope a caller's API key must hold to use this endpoint. Records metadata only: the global
 * `ApiAccessGuard` enforces it, and the OpenAPI document lists it as the operation's security
 * requirement (either way of presenting the key).
 */
export function RequireScope(scope: ApiKeyScope): MethodDecorator {
  return applyDecorators(
    SetMetadata(REQUIRED_SCOPE, scope),
    ApiSecurity(SecuritySchemeNames.Bearer, [scope]),
    ApiSecurity(SecuritySchemeNames.ApiKeyHeader, [scope]),
  );
}
