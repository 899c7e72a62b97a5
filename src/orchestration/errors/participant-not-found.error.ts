import { OrchestrationErrorCodes } from './orchestration-error-code.js';
import { OrchestrationError } from './orchestration.error.js';

export class ParticipantNotFoundError extends OrchestrationError {
  readonly code = OrchestrationErrorCodes.ParticipantNotFound;
  constructor(readonly participant: string) {
    super(`No participant named "${participant}" announced itself (or it was removed already).`);
  }
}
