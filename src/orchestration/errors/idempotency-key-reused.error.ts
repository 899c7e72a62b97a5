import { OrchestrationErrorCodes } from './orchestration-error-code.js';
import { OrchestrationError } from './orchestration.error.js';

/** The Idempotency-Key was used before with a different request body. */
export class IdempotencyKeyReusedError extends OrchestrationError {
  readonly code = OrchestrationErrorCodes.IdempotencyKeyReused;
  constructor(readonly key: string) {
    super(`Idempotency-Key "${key}" was already used with a different request body.`);
  }
}
