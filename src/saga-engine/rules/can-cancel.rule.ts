import type { SagaDefinition } from '../definition/saga-definition.js';
import type { SagaState } from '../state/saga-state.js';
import { SagaStatuses } from '../state/saga-status.js';
import { hasPivotSucceeded } from './has-pivot-succeeded.rule.js';

/**
 * True when a cancel request is accepted: a RUNNING saga before its pivot succeeded turns back;
 * a saga already turning back (COMPENSATING, COMPENSATION_FAILED) accepts it as a no-op, so
 * cancel is idempotent. False for a finished saga or one past its pivot (answer 409).
 */
export function canCancel(definition: SagaDefinition, state: SagaState): boolean {
  if (state.status === SagaStatuses.RUNNING) return !hasPivotSucceeded(definition, state);
  return isTurningBack(state);
}

/** True when the saga is already undoing its steps (a cancel changes nothing more). */
export function isTurningBack(state: SagaState): boolean {
  return state.status === SagaStatuses.COMPENSATING || state.status === SagaStatuses.COMPENSATION_FAILED;
}
