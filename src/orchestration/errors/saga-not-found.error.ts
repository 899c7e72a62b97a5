import { OrchestrationErrorCodes } from './orchestration-error-code.js';
import { OrchestrationError } from './orchestration.error.js';

export class SagaNotFoundError extends OrchestrationError {
  readonly code = OrchestrationErrorCodes.SagaNotFound;
  constructor(readonly sagaId: string) {
    super(`No saga with id ${sagaId}.`);
  }
}
