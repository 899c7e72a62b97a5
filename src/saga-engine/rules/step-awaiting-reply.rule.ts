import type { SagaState } from '../state/saga-state.js';
import { StepStatuses } from '../state/step-status.js';

/** The step whose execute command is out and unanswered (RUNNING, no retry scheduled), if any. */
export function stepAwaitingReply(state: SagaState): string | undefined {
  return Object.entries(state.steps).find(
    ([, step]) => step.status === StepStatuses.RUNNING && step.nextAttemptAt === undefined,
  )?.[0];
}

/** The step waiting for a retry backoff to end (RUNNING with `nextAttemptAt`), if any. */
export function stepAwaitingRetry(state: SagaState): string | undefined {
  return Object.entries(state.steps).find(
    ([, step]) => step.status === StepStatuses.RUNNING && step.nextAttemptAt !== undefined,
  )?.[0];
}
