import { workNodes } from '../definition/flow.util.js';
import type { SagaDefinition } from '../definition/saga-definition.js';
import { StepKinds } from '../definition/saga-definition.js';
import type { SagaState } from '../state/saga-state.js';
import { StepStatuses } from '../state/step-status.js';
import type { StepStatus } from '../state/step-status.js';

/** Statuses of a step whose effect is (maybe) there and not undone yet. */
const awaitingUndo: readonly StepStatus[] = [StepStatuses.SUCCEEDED, StepStatuses.TIMED_OUT];

/**
 * The compensations still to run, in the order they must run: the reverse of `completionOrder`,
 * keeping only `compensatable` steps and child sagas that are done or maybe-done and not yet undone.
 */
export function stepsToCompensate(definition: SagaDefinition, state: SagaState): string[] {
  const compensatable = new Set(
    workNodes(definition)
      .filter((step) => step.kind === StepKinds.compensatable)
      .map((step) => step.name),
  );
  return [...state.completionOrder]
    .reverse()
    .filter((name) => compensatable.has(name))
    .filter((name) => awaitingUndo.includes(state.steps[name]?.status ?? StepStatuses.PENDING));
}

/** Statuses that hold back the compensation of every step causally before: not undone yet, or being undone. */
const blocksEarlierUndo: readonly StepStatus[] = [StepStatuses.COMPENSATING, StepStatuses.COMPENSATION_FAILED];

/**
 * The compensations that may start now: among `stepsToCompensate`, those none of whose causal
 * successors (`causalSuccessors`) is still to be undone, being undone or stuck. In a straight
 * line that is exactly the last one (strict reverse); independent parallel branches are undone
 * concurrently, and a step before a fork waits for every branch to be undone.
 */
export function compensationsReadyToStart(
  definition: SagaDefinition,
  state: SagaState,
  successors: ReadonlyMap<string, ReadonlySet<string>>,
): string[] {
  const pending = stepsToCompensate(definition, state);
  const stillToUndo = new Set(pending);
  const blocks = (name: string) => stillToUndo.has(name) || blocksEarlierUndo.includes(state.steps[name]?.status ?? StepStatuses.PENDING);
  return pending.filter((name) => ![...(successors.get(name) ?? [])].some(blocks));
}
