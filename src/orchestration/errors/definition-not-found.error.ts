import { OrchestrationErrorCodes } from './orchestration-error-code.js';
import { OrchestrationError } from './orchestration.error.js';

export class DefinitionNotFoundError extends OrchestrationError {
  readonly code = OrchestrationErrorCodes.DefinitionNotFound;
  constructor(
    readonly definition: string,
    readonly version?: number,
  ) {
    super(version === undefined ? `No saga definition named "${definition}".` : `Saga definition "${definition}" has no version ${version}.`);
  }
}
