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
  /** Operator resolve of a step the saga's definition does not have. */
  stepNotFound: 'step-not-found',
  /** A signal that no running wait step of the saga is waiting for. */
  signalNotAwaited: 'signal-not-awaited',
  /** A mapping result or command payload larger than `MAX_COMMAND_PAYLOAD_BYTES`. */
  mappingResultTooLarge: 'mapping-result-too-large',
  /** A definition that breaks the rules of `validateDefinition`. */
  invalidDefinition: 'invalid-definition',
} as const;
export type SagaEngineErrorCode = (typeof SagaEngineErrorCodes)[keyof typeof SagaEngineErrorCodes];

/**
 * The codes of operator refusals: an operator's or client's request (cancel, retry, resolve,
 * signal) that the saga's state does not accept. The engine is the one place that checks them;
 * the API answers each with its own problem type (409, or 404 for an unknown step).
 */
export const OperatorRefusalCodes = {
  sagaNotCancellable: SagaEngineErrorCodes.sagaNotCancellable,
  sagaNotRetriable: SagaEngineErrorCodes.sagaNotRetriable,
  stepNotResolvable: SagaEngineErrorCodes.stepNotResolvable,
  stepNotFound: SagaEngineErrorCodes.stepNotFound,
  signalNotAwaited: SagaEngineErrorCodes.signalNotAwaited,
} as const;
export type OperatorRefusalCode = (typeof OperatorRefusalCodes)[keyof typeof OperatorRefusalCodes];
