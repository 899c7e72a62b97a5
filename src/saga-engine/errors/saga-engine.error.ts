import type { SagaEngineErrorCode } from './saga-engine-error-code.js';

/** Base of the engine's typed errors: a stable `code` plus a precise message. */
export abstract class SagaEngineError extends Error {
  abstract readonly code: SagaEngineErrorCode;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
