import { OrchestrationErrorCodes } from './orchestration-error-code.js';
import { OrchestrationError } from './orchestration.error.js';

/** Another request with the same Idempotency-Key is still creating its saga. */
export class IdempotencyKeyInProgressError extends OrchestrationError {
  readonly code = OrchestrationErrorCodes.IdempotencyKeyInProgress;
  constructor(readonly key: string) {
    super(`A saga for Idempotency-Key "${key}" is still being created; retry shortly.`);
  }
}
