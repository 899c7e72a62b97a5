/** What an API key may do. Every `/v1` endpoint requires exactly one of these. */
export const ApiKeyScopes = {
  /** Start sagas (`POST /v1/sagas`). */
  SagasStart: 'sagas:start',
  /** Read sagas, their step logs, definitions and participants. */
  SagasRead: 'sagas:read',
  /** Operator actions on sagas (cancel, retry, resolve, signal), removing an announced participant, and reading the audit log. */
  SagasOperate: 'sagas:operate',
  /** Create and cancel bulk operator actions (cancel, retry or resolve every saga a filter matches); reading them needs `sagas:read`. */
  SagasBulkOperate: 'sagas:bulk-operate',
  /** Register saga definitions. */
  DefinitionsWrite: 'definitions:write',
  /** Create, delete and re-enable webhook subscriptions (reading them needs `sagas:read`). */
  WebhooksManage: 'webhooks:manage',
} as const;
export type ApiKeyScope = (typeof ApiKeyScopes)[keyof typeof ApiKeyScopes];

/** Every scope, in a stable order (help texts, the auth-disabled principal). */
export const AllApiKeyScopes: readonly ApiKeyScope[] = Object.values(ApiKeyScopes);

/** True when `value` names a scope. */
export function isApiKeyScope(value: string): value is ApiKeyScope {
  return (AllApiKeyScopes as readonly string[]).includes(value);
}
