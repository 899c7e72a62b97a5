import { SagaEngineErrorCodes } from './saga-engine-error-code.js';
import { SagaEngineError } from './saga-engine.error.js';

/** A trigger other than `StartSaga` was given for a saga without state (the runtime drops those first). */
export class SagaNotStartedError extends SagaEngineError {
  readonly code = SagaEngineErrorCodes.sagaNotStarted;

  constructor(readonly triggerType: string) {
    super(`${triggerType} needs a started saga, but the saga has no state.`);
  }
}
