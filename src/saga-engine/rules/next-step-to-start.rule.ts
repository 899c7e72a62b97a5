import { participantSteps } from '../definition/flow.util.js';
import type { SagaDefinition, StepDefinition } from '../definition/saga-definition.js';
import type { SagaState } from '../state/saga-state.js';
import { StepStatuses } from '../state/step-status.js';

/** The first participant step, in definition order, that has not started yet; undefined when all have. */
export function nextStepToStart(definition: SagaDefinition, state: SagaState): StepDefinition | undefined {
  return participantSteps(definition).find((step) => state.steps[step.name]?.status === StepStatuses.PENDING);
}
