import { workNodes } from '../definition/flow.util.js';
import type { SagaDefinition } from '../definition/saga-definition.js';
import type { SagaState } from '../state/saga-state.js';
import { StepStatuses } from '../state/step-status.js';

/** The step whose execute command is out and unanswered (RUNNING, no retry scheduled), if any. */
export function stepAwaitingReply(state: SagaState): string | undefined {
  return Object.entries(state.steps).find(([, step]) => step.status === StepStatuses.RUNNING && step.nextAttemptAt === undefined)?.[0];
}

/** The step waiting for a retry backoff to end (RUNNING with `nextAttemptAt`), if any. */
export function stepAwaitingRetry(state: SagaState): string | undefined {
  return Object.entries(state.steps).find(([, step]) => step.status === StepStatuses.RUNNING && step.nextAttemptAt !== undefined)?.[0];
}

/** Every step waiting for a retry backoff to end (several when parallel branches run). */
export function stepsAwaitingRetry(state: SagaState): string[] {
  return Object.entries(state.steps)
    .filter(([, step]) => step.status === StepStatuses.RUNNING && step.nextAttemptAt !== undefined)
    .map(([name]) => name);
}

/**
 * Participant steps whose execute command is out and unanswered, and child sagas still running:
 * a turning-back saga awaits them all (each outcome decides whether it must be undone).
 */
export function participantStepsAwaitingReply(definition: SagaDefinition, state: SagaState): string[] {
  return workNodes(definition)
    .map((step) => step.name)
    .filter((name) => state.steps[name]?.status === StepStatuses.RUNNING && state.steps[name]?.nextAttemptAt === undefined);
}
