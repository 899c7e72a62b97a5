import { SagaEngineErrorCodes } from './saga-engine-error-code.js';
import { SagaEngineError } from './saga-engine.error.js';

/** `StartSaga` was given for a saga that already has state. */
export class SagaAlreadyStartedError extends SagaEngineError {
  readonly code = SagaEngineErrorCodes.sagaAlreadyStarted;

  constructor() {
    super('The saga has already started; StartSaga applies only to a saga without state.');
  }
}
