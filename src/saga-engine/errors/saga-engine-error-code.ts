/** Codes of the engine's errors: a trigger the current state cannot accept, or a bad definition. */
export const SagaEngineErrorCodes = {
  /** `StartSaga` for a saga that already has state. */
  sagaAlreadyStarted: 'saga-already-started',
  /** A trigger other than `StartSaga` for a saga without state. */
  sagaNotStarted: 'saga-not-started',
  /** Cancel of a finished saga, or of one whose pivot has started. */
  sagaNotCancellable: 'saga-not-cancellable',
  /** Operator retry of a saga that is not `COMPENSATION_FAILED`. */
  sagaNotRetriable: 'saga-not-retriable',
  /** Operator resolve of a step whose compensation has not failed. */
  stepNotResolvable: 'step-not-resolvable',
  /** A signal that no running wait step of the saga is waiting for. */
  signalNotAwaited: 'signal-not-awaited',
  /** A definition that breaks the rules of `validateDefinition`. */
  invalidDefinition: 'invalid-definition',
} as const;
export type SagaEngineErrorCode = (typeof SagaEngineErrorCodes)[keyof typeof SagaEngineErrorCodes];
