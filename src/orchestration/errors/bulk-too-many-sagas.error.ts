import { OrchestrationErrorCodes } from './orchestration-error-code.js';
import { OrchestrationError } from './orchestration.error.js';

export class BulkTooManySagasError extends OrchestrationError {
  readonly code = OrchestrationErrorCodes.BulkTooManySagas;
  constructor(readonly limit: number) {
    super(
      `The filter matches more than ${limit} sagas, the most one bulk operation may act on (BULK_MAX_MATCHED_SAGAS): narrow it (a created range, a definition version); nothing was started.`,
    );
  }
}
