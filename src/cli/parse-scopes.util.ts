import { AllApiKeyScopes, isApiKeyScope, type ApiKeyScope } from '../orchestration/auth/api-key-scope.js';

/**
 * `sagas:start,sagas:read` → the scopes, deduplicated. @throws Error naming every unknown scope
 * and listing the known ones.
 */
export function parseScopes(list: string): ApiKeyScope[] {
  const names = list
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const unknown = names.filter((name) => !isApiKeyScope(name));
  if (unknown.length > 0) throw new Error(`Unknown scope(s): ${unknown.join(', ')}. Known: ${AllApiKeyScopes.join(', ')}.`);
  if (names.length === 0) throw new Error(`Give at least one scope: ${AllApiKeyScopes.join(', ')}.`);
  return [...new Set(names as ApiKeyScope[])];
}
