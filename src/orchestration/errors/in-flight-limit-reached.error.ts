import { OrchestrationErrorCodes } from './orchestration-error-code.js';
import { OrchestrationError } from './orchestration.error.js';

/** A start refused because the key's RUNNING and COMPENSATING sagas already reach the cap (429). */
export class InFlightLimitReachedError extends OrchestrationError {
  readonly code = OrchestrationErrorCodes.InFlightLimitReached;
  constructor(
    readonly principal: string,
    readonly inFlight: number,
    readonly limit: number,
  ) {
    super(
      `API key ${principal} has ${inFlight} sagas in flight (RUNNING or COMPENSATING); the limit is ${limit}. ` +
        'Nothing was started: retry when some of them have finished.',
    );
  }
}
