/**
 * Every failure the application layer reports; the API maps each to one HTTP status. Operator
 * refusals (cancel, retry, resolve, signal) are the engine's family: see operator-refusals.ts.
 */
export const OrchestrationErrorCodes = {
  SagaNotFound: 'saga-not-found',
  DefinitionNotFound: 'definition-not-found',
  /** No participant with that name announced itself (or it was removed already). */
  ParticipantNotFound: 'participant-not-found',
  InvalidSagaInput: 'invalid-saga-input',
  IdempotencyKeyReused: 'idempotency-key-reused',
  IdempotencyKeyInProgress: 'idempotency-key-in-progress',
  /** The API key already has as many sagas in flight as `MAX_IN_FLIGHT_SAGAS_PER_KEY` allows. */
  InFlightLimitReached: 'in-flight-limit-reached',
  /** `Prefer: wait` refused: the process or the API key holds as many waiting requests as allowed. */
  TooManyWaiters: 'too-many-waiters',
  /** A definition offered for registration or validation breaks the language's rules; `problems` has a pointer each. */
  InvalidDefinition: 'invalid-definition',
  /** A definition version given explicitly exists already with other content (versions are immutable). */
  DefinitionVersionConflict: 'definition-version-conflict',
  StoreUnavailable: 'store-unavailable',
  InvalidCursor: 'invalid-cursor',
  /** No webhook subscription with that id. */
  WebhookNotFound: 'webhook-not-found',
  /** A webhook URL breaks the target policy (scheme, allow-list, private address). */
  InvalidWebhookTarget: 'invalid-webhook-target',
  /** As many webhook subscriptions exist as the coordinator keeps. */
  WebhookLimitReached: 'webhook-limit-reached',
  /** No bulk operation with that id. */
  BulkOperationNotFound: 'bulk-operation-not-found',
  /** A bulk filter matches more sagas than `BULK_MAX_MATCHED_SAGAS`. */
  BulkTooManySagas: 'bulk-too-many-sagas',
  /** The filter matches another number of sagas than the confirmed count of the dry run. */
  BulkCountMismatch: 'bulk-count-mismatch',
  /** A bulk operation that has finished (or was cancelled) cannot be cancelled. */
  BulkOperationNotCancellable: 'bulk-operation-not-cancellable',
} as const;
export type OrchestrationErrorCode = (typeof OrchestrationErrorCodes)[keyof typeof OrchestrationErrorCodes];
