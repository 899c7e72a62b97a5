import { OrchestrationErrorCodes } from './orchestration-error-code.js';
import { OrchestrationError } from './orchestration.error.js';

/** PostgreSQL does not answer; nothing was changed. Clients should retry later (503). */
export class StoreUnavailableError extends OrchestrationError {
  readonly code = OrchestrationErrorCodes.StoreUnavailable;
  constructor(cause?: unknown) {
    super('The saga store is unavailable; nothing was changed. Retry later.', { cause });
  }
}
