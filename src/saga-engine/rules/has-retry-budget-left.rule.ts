import type { StepDefinition } from '../definition/saga-definition.js';
import { StepKinds } from '../definition/saga-definition.js';
import type { CompensationState } from '../state/saga-state.js';

/**
 * True when a step may get another execute attempt after `attempt` failed technically.
 * A `retriable` step (after the pivot) is retried until it succeeds: its budget never runs out.
 * Neither does a pivot's whose outcome is unknown (an attempt timed out): it cannot be undone,
 * so giving up could leave its effect with the steps before it undone; retrying (the fence
 * replays the recorded outcome) turns "maybe" into a definite answer.
 */
export function hasRetryBudgetLeft(step: StepDefinition, attempt: number, maybeDone = false): boolean {
  if (step.kind === StepKinds.retriable) return true;
  if (step.kind === StepKinds.pivot && maybeDone) return true;
  return attempt < step.retry.maxAttempts;
}

/** True when a compensation may get another attempt; an operator retry restarts the budget. */
export function hasCompensationBudgetLeft(step: StepDefinition, compensation: CompensationState): boolean {
  const attemptsInBudget = compensation.attempt - (compensation.budgetStartAttempt ?? 1) + 1;
  return attemptsInBudget < step.compensationRetry.maxAttempts;
}
