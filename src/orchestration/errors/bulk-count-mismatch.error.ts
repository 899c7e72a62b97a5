import { OrchestrationErrorCodes } from './orchestration-error-code.js';
import { OrchestrationError } from './orchestration.error.js';

export class BulkCountMismatchError extends OrchestrationError {
  readonly code = OrchestrationErrorCodes.BulkCountMismatch;
  constructor(
    readonly expected: number,
    readonly matched: number,
  ) {
    super(
      `The filter matches ${matched} sagas now, not the ${expected} confirmed (expectedCount): nothing was started. Run the dry run again and confirm its count.`,
    );
  }
}
