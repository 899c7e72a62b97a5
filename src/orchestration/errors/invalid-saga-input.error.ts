import { OrchestrationErrorCodes } from './orchestration-error-code.js';
import { OrchestrationError } from './orchestration.error.js';

/** One problem with a value, located by an RFC 6901 JSON pointer into it. */
export interface ValidationIssue {
  pointer: string;
  message: string;
}

/** The saga input does not satisfy the definition's input schema (or makes a payload too large to send). */
export class InvalidSagaInputError extends OrchestrationError {
  readonly code = OrchestrationErrorCodes.InvalidSagaInput;
  constructor(
    readonly definition: string,
    readonly issues: ValidationIssue[],
    detail = `The input does not match the input schema of saga definition "${definition}".`,
  ) {
    super(detail);
  }
}
