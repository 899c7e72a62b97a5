import { OrchestrationErrorCodes } from './orchestration-error-code.js';
import { OrchestrationError } from './orchestration.error.js';

export class BulkOperationNotFoundError extends OrchestrationError {
  readonly code = OrchestrationErrorCodes.BulkOperationNotFound;
  constructor(readonly id: string) {
    super(`No bulk operation with id ${id}.`);
  }
}
