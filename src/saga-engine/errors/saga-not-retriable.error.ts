import type { SagaStatus } from '../state/saga-status.js';
import { SagaEngineErrorCodes } from './saga-engine-error-code.js';
import { SagaEngineError } from './saga-engine.error.js';

/** Operator retry of a saga whose compensation has not failed. */
export class SagaNotRetriableError extends SagaEngineError {
  readonly code = SagaEngineErrorCodes.sagaNotRetriable;

  constructor(readonly status: SagaStatus) {
    super(`The saga cannot be retried: it is ${status}, and only a COMPENSATION_FAILED saga can be.`);
  }
}
