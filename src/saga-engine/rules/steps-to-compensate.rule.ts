import type { SagaDefinition } from '../definition/saga-definition.js';
import { StepKinds } from '../definition/saga-definition.js';
import type { SagaState } from '../state/saga-state.js';
import { StepStatuses } from '../state/step-status.js';
import type { StepStatus } from '../state/step-status.js';

/** Statuses of a step whose effect is (maybe) there and not undone yet. */
const awaitingUndo: readonly StepStatus[] = [StepStatuses.SUCCEEDED, StepStatuses.TIMED_OUT];

/**
 * The compensations still to run, in the order they must run: the reverse of `completionOrder`,
 * keeping only `compensatable` steps that are done or maybe-done and not yet undone.
 */
export function stepsToCompensate(definition: SagaDefinition, state: SagaState): string[] {
  const compensatable = new Set(
    definition.steps.filter((step) => step.kind === StepKinds.compensatable).map((step) => step.name),
  );
  return [...state.completionOrder]
    .reverse()
    .filter((name) => compensatable.has(name))
    .filter((name) => awaitingUndo.includes(state.steps[name]?.status ?? StepStatuses.PENDING));
}
