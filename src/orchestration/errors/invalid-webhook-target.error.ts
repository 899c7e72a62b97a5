import { OrchestrationErrorCodes } from './orchestration-error-code.js';
import { OrchestrationError } from './orchestration.error.js';

export class InvalidWebhookTargetError extends OrchestrationError {
  readonly code = OrchestrationErrorCodes.InvalidWebhookTarget;
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`The webhook URL is not allowed: ${reason}.`);
  }
}
