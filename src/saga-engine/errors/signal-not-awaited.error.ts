import type { SagaStatus } from '../state/saga-status.js';
import { OperatorRefusalError, sagaSubject } from './operator-refusal.error.js';
import { SagaEngineErrorCodes } from './saga-engine-error-code.js';

/** No running wait step of the saga waits for this signal (too early, delivered already, or the saga is not running): 409. */
export class SignalNotAwaitedError extends OperatorRefusalError {
  readonly code = SagaEngineErrorCodes.signalNotAwaited;

  constructor(
    sagaId: string | undefined,
    readonly signal: string,
    readonly status: SagaStatus,
  ) {
    super(sagaId, `${sagaSubject(sagaId)} has no step waiting for signal "${signal}" (it is ${status}); nothing was changed.`);
  }
}
