import { workNodes } from '../definition/flow.util.js';
import type { SagaDefinition } from '../definition/saga-definition.js';
import { StepKinds } from '../definition/saga-definition.js';
import type { SagaState } from '../state/saga-state.js';
import { StepStatuses } from '../state/step-status.js';

/**
 * The pivot (or, in a saga without one, the first retriable step; child sagas count by their
 * kind) that has been started, in flow order; undefined before any has. From then on the saga
 * only goes forward, so cancel is refused (naming this step) and the deadline no longer applies.
 * Deciding at the start rather than at the pivot's success means a pivot never runs in a saga
 * that is turning back, whose outcome (maybe irreversible) would be left unknown.
 */
export function startedPointOfNoReturn(definition: SagaDefinition, state: SagaState): string | undefined {
  return workNodes(definition).find(
    (step) =>
      (step.kind === StepKinds.pivot || step.kind === StepKinds.retriable) &&
      state.steps[step.name] !== undefined &&
      state.steps[step.name]?.status !== StepStatuses.PENDING &&
      state.steps[step.name]?.status !== StepStatuses.SKIPPED,
  )?.name;
}

/** True once the saga is past its point of no return (see `startedPointOfNoReturn`). */
export function isPastPointOfNoReturn(definition: SagaDefinition, state: SagaState): boolean {
  return startedPointOfNoReturn(definition, state) !== undefined;
}
