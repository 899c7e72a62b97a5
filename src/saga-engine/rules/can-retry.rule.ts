import type { SagaState } from '../state/saga-state.js';
import { SagaStatuses } from '../state/saga-status.js';

/** True when an operator may retry the saga: only a COMPENSATION_FAILED saga waits for that. */
export function canRetry(state: SagaState): boolean {
  return state.status === SagaStatuses.COMPENSATION_FAILED;
}
