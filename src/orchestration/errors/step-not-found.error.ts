import { OrchestrationErrorCodes } from './orchestration-error-code.js';
import { OrchestrationError } from './orchestration.error.js';

/** The saga exists but its definition has no step with this name (404). */
export class StepNotFoundError extends OrchestrationError {
  readonly code = OrchestrationErrorCodes.StepNotFound;
  constructor(
    readonly sagaId: string,
    readonly step: string,
  ) {
    super(`Saga ${sagaId} has no step named "${step}".`);
  }
}
