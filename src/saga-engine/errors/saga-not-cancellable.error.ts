import type { SagaStatus } from '../state/saga-status.js';
import { OperatorRefusalError, sagaSubject } from './operator-refusal.error.js';
import { SagaEngineErrorCodes } from './saga-engine-error-code.js';

/**
 * Cancel refused (409): the saga is finished, or its pivot has started so it can only go
 * forward. The same saga answers the same way on every repeat.
 */
export class SagaNotCancellableError extends OperatorRefusalError {
  readonly code = SagaEngineErrorCodes.sagaNotCancellable;

  constructor(
    sagaId: string | undefined,
    readonly status: SagaStatus,
    /** The pivot (or first retriable) step that has started, when that is the reason. */
    readonly pastPointOfNoReturnAt?: string,
  ) {
    super(
      sagaId,
      pastPointOfNoReturnAt === undefined
        ? `${sagaSubject(sagaId)} cannot be cancelled: it is ${status}.`
        : `${sagaSubject(sagaId)} cannot be cancelled: step "${pastPointOfNoReturnAt}" is past the point of no return (it has started), so the saga can only go forward.`,
    );
  }
}
