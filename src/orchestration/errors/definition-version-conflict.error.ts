import { OrchestrationErrorCodes } from './orchestration-error-code.js';
import { OrchestrationError } from './orchestration.error.js';

/** The body names a version that is registered with other content: versions are immutable (409). */
export class DefinitionVersionConflictError extends OrchestrationError {
  readonly code = OrchestrationErrorCodes.DefinitionVersionConflict;

  constructor(
    readonly definition: string,
    readonly version: number,
  ) {
    super(
      `Saga definition "${definition}" v${version} is already registered with other content; versions are immutable: leave "version" out to register the next one.`,
    );
  }
}
