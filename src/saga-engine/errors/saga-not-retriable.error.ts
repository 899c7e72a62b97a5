import type { SagaStatus } from '../state/saga-status.js';
import { OperatorRefusalError, sagaSubject } from './operator-refusal.error.js';
import { SagaEngineErrorCodes } from './saga-engine-error-code.js';

/** Operator retry refused (409): only a COMPENSATION_FAILED saga waits for one. */
export class SagaNotRetriableError extends OperatorRefusalError {
  readonly code = SagaEngineErrorCodes.sagaNotRetriable;

  constructor(
    sagaId: string | undefined,
    readonly status: SagaStatus,
  ) {
    super(sagaId, `${sagaSubject(sagaId)} cannot be retried: it is ${status}, and only a COMPENSATION_FAILED saga can be.`);
  }
}
