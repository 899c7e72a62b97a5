import type { SagaState } from '../state/saga-state.js';
import { SagaStatuses } from '../state/saga-status.js';
import { StepStatuses } from '../state/step-status.js';

/** True when an operator may mark `step` as undone by hand: its compensation spent its budget. */
export function canResolveStep(state: SagaState, step: string): boolean {
  return state.status === SagaStatuses.COMPENSATION_FAILED && state.steps[step]?.status === StepStatuses.COMPENSATION_FAILED;
}
