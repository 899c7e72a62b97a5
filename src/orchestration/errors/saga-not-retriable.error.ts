import type { SagaStatus } from '../../saga-engine/state/saga-status.js';
import { OrchestrationErrorCodes } from './orchestration-error-code.js';
import { OrchestrationError } from './orchestration.error.js';

/** Operator retry refused (409): only a COMPENSATION_FAILED saga waits for one. */
export class SagaNotRetriableError extends OrchestrationError {
  readonly code = OrchestrationErrorCodes.SagaNotRetriable;
  constructor(
    readonly sagaId: string,
    readonly status: SagaStatus,
  ) {
    super(`Saga ${sagaId} cannot be retried: it is ${status}, and only a COMPENSATION_FAILED saga can be.`);
  }
}
