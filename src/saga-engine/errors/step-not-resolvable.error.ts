import type { StepStatus } from '../state/step-status.js';
import { OperatorRefusalError } from './operator-refusal.error.js';
import { SagaEngineErrorCodes } from './saga-engine-error-code.js';

/** Operator resolve refused (409): the step's compensation has not failed (or is no longer failed). */
export class StepNotResolvableError extends OperatorRefusalError {
  readonly code = SagaEngineErrorCodes.stepNotResolvable;

  constructor(
    sagaId: string | undefined,
    readonly step: string,
    readonly stepStatus: StepStatus,
  ) {
    super(
      sagaId,
      `Step "${step}" of ${sagaId === undefined ? 'the saga' : `saga ${sagaId}`} cannot be resolved: it is ${stepStatus}, and only a step in COMPENSATION_FAILED can be.`,
    );
  }
}
