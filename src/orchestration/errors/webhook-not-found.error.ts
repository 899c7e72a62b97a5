import { OrchestrationErrorCodes } from './orchestration-error-code.js';
import { OrchestrationError } from './orchestration.error.js';

export class WebhookNotFoundError extends OrchestrationError {
  readonly code = OrchestrationErrorCodes.WebhookNotFound;
  constructor(readonly webhookId: string) {
    super(`No webhook subscription with id ${webhookId} (never created, or deleted).`);
  }
}
