import type { SagaDefinition } from '../definition/saga-definition.js';
import { StepKinds } from '../definition/saga-definition.js';
import type { SagaState } from '../state/saga-state.js';
import { StepStatuses } from '../state/step-status.js';

/** True once the pivot step succeeded: the point of no return, the saga can only go forward. */
export function hasPivotSucceeded(definition: SagaDefinition, state: SagaState): boolean {
  return definition.steps.some(
    (step) => step.kind === StepKinds.pivot && state.steps[step.name]?.status === StepStatuses.SUCCEEDED,
  );
}
