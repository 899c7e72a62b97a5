import { OrchestrationErrorCodes } from './orchestration-error-code.js';
import { OrchestrationError } from './orchestration.error.js';

/** No running wait step of the saga waits for this signal (too early, delivered already, or the saga is not running): 409. */
export class SignalNotAwaitedError extends OrchestrationError {
  readonly code = OrchestrationErrorCodes.SignalNotAwaited;

  constructor(
    readonly sagaId: string,
    readonly signal: string,
    readonly status: string,
  ) {
    super(`Saga ${sagaId} has no step waiting for signal "${signal}" (it is ${status}); nothing was changed.`);
  }
}
