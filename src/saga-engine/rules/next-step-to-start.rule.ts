import type { SagaDefinition, StepDefinition } from '../definition/saga-definition.js';
import type { SagaState } from '../state/saga-state.js';
import { StepStatuses } from '../state/step-status.js';

/** The first step, in definition order, that has not started yet; undefined when all have. */
export function nextStepToStart(definition: SagaDefinition, state: SagaState): StepDefinition | undefined {
  return definition.steps.find((step) => state.steps[step.name]?.status === StepStatuses.PENDING);
}
