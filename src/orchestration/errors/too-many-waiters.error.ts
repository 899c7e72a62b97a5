import { OrchestrationErrorCodes } from './orchestration-error-code.js';
import { OrchestrationError } from './orchestration.error.js';

/** A `Prefer: wait` request refused because too many requests wait already (429). */
export class TooManyWaitersError extends OrchestrationError {
  readonly code = OrchestrationErrorCodes.TooManyWaiters;
  constructor(
    readonly scope: 'process' | 'key',
    readonly limit: number,
  ) {
    super(
      scope === 'key'
        ? `This API key already holds ${limit} requests waiting for sagas to settle (WAIT_MAX_WAITERS_PER_KEY); retry without Prefer: wait, or later.`
        : `This coordinator already holds ${limit} requests waiting for sagas to settle (WAIT_MAX_WAITERS); retry without Prefer: wait, or later.`,
    );
  }
}
