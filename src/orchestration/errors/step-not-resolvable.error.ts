import type { StepStatus } from '../../saga-engine/state/step-status.js';
import { OrchestrationErrorCodes } from './orchestration-error-code.js';
import { OrchestrationError } from './orchestration.error.js';

/** Operator resolve refused (409): the step's compensation has not failed (or is no longer failed). */
export class StepNotResolvableError extends OrchestrationError {
  readonly code = OrchestrationErrorCodes.StepNotResolvable;
  constructor(
    readonly sagaId: string,
    readonly step: string,
    readonly stepStatus: StepStatus,
  ) {
    super(
      `Step "${step}" of saga ${sagaId} cannot be resolved: it is ${stepStatus}, and only a step in COMPENSATION_FAILED can be.`,
    );
  }
}
