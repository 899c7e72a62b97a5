/**
 * The operator refusals, for the layers above (the API maps them to problem+json without
 * importing the engine). They are the engine's own classes: one family, checked once, by
 * `decide` under the saga row lock.
 */
export { OperatorRefusalError } from '../../saga-engine/errors/operator-refusal.error.js';
export { type OperatorRefusalCode, OperatorRefusalCodes } from '../../saga-engine/errors/saga-engine-error-code.js';
export { SagaNotCancellableError } from '../../saga-engine/errors/saga-not-cancellable.error.js';
export { SagaNotRetriableError } from '../../saga-engine/errors/saga-not-retriable.error.js';
export { SignalNotAwaitedError } from '../../saga-engine/errors/signal-not-awaited.error.js';
export { StepNotFoundError } from '../../saga-engine/errors/step-not-found.error.js';
export { StepNotResolvableError } from '../../saga-engine/errors/step-not-resolvable.error.js';
