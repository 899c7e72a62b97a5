import { OrchestrationErrorCodes } from './orchestration-error-code.js';
import { OrchestrationError } from './orchestration.error.js';

export class WebhookLimitReachedError extends OrchestrationError {
  readonly code = OrchestrationErrorCodes.WebhookLimitReached;
  constructor(readonly limit: number) {
    super(`There are ${limit} webhook subscriptions already, the most the coordinator keeps: delete one first.`);
  }
}
