import type { OrchestrationErrorCode } from './orchestration-error-code.js';

/** Base of the application layer's errors: a code from a closed set and a precise message. */
export abstract class OrchestrationError extends Error {
  abstract readonly code: OrchestrationErrorCode;
}
