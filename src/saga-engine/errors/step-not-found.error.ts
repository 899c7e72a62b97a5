import { OperatorRefusalError, sagaSubject } from './operator-refusal.error.js';
import { SagaEngineErrorCodes } from './saga-engine-error-code.js';

/** Operator resolve names a step the saga's definition does not have (404). */
export class StepNotFoundError extends OperatorRefusalError {
  readonly code = SagaEngineErrorCodes.stepNotFound;

  constructor(
    sagaId: string | undefined,
    readonly step: string,
  ) {
    super(sagaId, `${sagaSubject(sagaId)} has no step named "${step}".`);
  }
}
