/** Every failure the application layer reports; the API maps each to one HTTP status. */
export const OrchestrationErrorCodes = {
  SagaNotFound: 'saga-not-found',
  DefinitionNotFound: 'definition-not-found',
  InvalidSagaInput: 'invalid-saga-input',
  IdempotencyKeyReused: 'idempotency-key-reused',
  IdempotencyKeyInProgress: 'idempotency-key-in-progress',
  SagaNotCancellable: 'saga-not-cancellable',
  SagaNotRetriable: 'saga-not-retriable',
  StepNotResolvable: 'step-not-resolvable',
  /** Operator resolve names a step the saga's definition does not have. */
  StepNotFound: 'step-not-found',
  /** The API key already has as many sagas in flight as `MAX_IN_FLIGHT_SAGAS_PER_KEY` allows. */
  InFlightLimitReached: 'in-flight-limit-reached',
  /** A definition offered for registration or validation breaks the language's rules; `problems` has a pointer each. */
  InvalidDefinition: 'invalid-definition',
  /** A definition version given explicitly exists already with other content (versions are immutable). */
  DefinitionVersionConflict: 'definition-version-conflict',
  /** A signal that no running wait step of the saga is waiting for. */
  SignalNotAwaited: 'signal-not-awaited',
  StoreUnavailable: 'store-unavailable',
  InvalidCursor: 'invalid-cursor',
} as const;
export type OrchestrationErrorCode = (typeof OrchestrationErrorCodes)[keyof typeof OrchestrationErrorCodes];
