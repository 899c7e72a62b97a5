import type { SagaStatus } from '../../saga-engine/state/saga-status.js';
import { OrchestrationErrorCodes } from './orchestration-error-code.js';
import { OrchestrationError } from './orchestration.error.js';

/**
 * Cancel refused (409): the saga is finished, or its pivot has started so it can only go
 * forward. The same saga answers the same way on every repeat.
 */
export class SagaNotCancellableError extends OrchestrationError {
  readonly code = OrchestrationErrorCodes.SagaNotCancellable;
  constructor(
    readonly sagaId: string,
    readonly status: SagaStatus,
    /** The pivot (or first retriable) step that has started, when that is the reason. */
    readonly pastPointOfNoReturnAt?: string,
  ) {
    super(
      pastPointOfNoReturnAt === undefined
        ? `Saga ${sagaId} cannot be cancelled: it is ${status}.`
        : `Saga ${sagaId} cannot be cancelled: step "${pastPointOfNoReturnAt}" is past the point of no return (it has started), so the saga can only go forward.`,
    );
  }
}
