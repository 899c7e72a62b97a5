import { SagaEngineErrorCodes } from './saga-engine-error-code.js';
import { SagaEngineError } from './saga-engine.error.js';

/** Operator resolve of a step that is unknown or whose compensation has not failed. */
export class StepNotResolvableError extends SagaEngineError {
  readonly code = SagaEngineErrorCodes.stepNotResolvable;

  constructor(
    readonly step: string,
    readonly stepStatus: string | undefined,
  ) {
    super(
      stepStatus === undefined
        ? `Step "${step}" does not exist in this saga.`
        : `Step "${step}" cannot be resolved: it is ${stepStatus}, and only a step in COMPENSATION_FAILED can be.`,
    );
  }
}
