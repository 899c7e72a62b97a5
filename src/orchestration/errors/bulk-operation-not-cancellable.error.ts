import { OrchestrationErrorCodes } from './orchestration-error-code.js';
import { OrchestrationError } from './orchestration.error.js';

export class BulkOperationNotCancellableError extends OrchestrationError {
  readonly code = OrchestrationErrorCodes.BulkOperationNotCancellable;
  constructor(
    readonly id: string,
    readonly status: string,
  ) {
    super(`Bulk operation ${id} is ${status}: only a RUNNING bulk operation can be cancelled.`);
  }
}
