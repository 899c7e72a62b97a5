import { OrchestrationErrorCodes } from './orchestration-error-code.js';
import { OrchestrationError } from './orchestration.error.js';

/** A pagination cursor that this service did not issue. */
export class InvalidCursorError extends OrchestrationError {
  readonly code = OrchestrationErrorCodes.InvalidCursor;
  constructor() {
    super('The cursor is malformed; pass back the nextCursor of a previous page unchanged.');
  }
}
