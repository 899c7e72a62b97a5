import type { SagaStatus } from '../state/saga-status.js';
import { SagaEngineErrorCodes } from './saga-engine-error-code.js';
import { SagaEngineError } from './saga-engine.error.js';

/** Cancel of a finished saga, or of one past its point of no return (it can only go forward). */
export class SagaNotCancellableError extends SagaEngineError {
  readonly code = SagaEngineErrorCodes.sagaNotCancellable;

  constructor(
    readonly status: SagaStatus,
    readonly pastPointOfNoReturn: boolean,
  ) {
    super(
      pastPointOfNoReturn && status === 'RUNNING'
        ? 'The saga cannot be cancelled: its pivot step has started, so it can only go forward.'
        : `The saga cannot be cancelled: it is ${status}.`,
    );
  }
}
