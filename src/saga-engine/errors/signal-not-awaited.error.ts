import { SagaEngineErrorCodes } from './saga-engine-error-code.js';
import { SagaEngineError } from './saga-engine.error.js';

/** A signal that no running wait step is waiting for (too early, too late, or a duplicate). */
export class SignalNotAwaitedError extends SagaEngineError {
  readonly code = SagaEngineErrorCodes.signalNotAwaited;

  constructor(
    readonly signal: string,
    readonly status: string,
  ) {
    super(`No step of this saga is waiting for signal "${signal}" (the saga is ${status}).`);
  }
}
