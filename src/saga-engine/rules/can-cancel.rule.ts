import type { SagaDefinition } from '../definition/saga-definition.js';
import type { SagaState } from '../state/saga-state.js';
import { SagaStatuses } from '../state/saga-status.js';
import { isPastPointOfNoReturn } from './is-past-point-of-no-return.rule.js';

/**
 * True when a cancel request is accepted: a RUNNING saga before its point of no return (the pivot
 * started) turns back;
 * a saga already turning back (COMPENSATING, COMPENSATION_FAILED) accepts it as a no-op, so
 * cancel is idempotent. False for a finished saga or one past its point of no return (answer 409).
 */
export function canCancel(definition: SagaDefinition, state: SagaState): boolean {
  if (state.status === SagaStatuses.RUNNING) return !isPastPointOfNoReturn(definition, state);
  return isTurningBack(state);
}

/** True when the saga is already undoing its steps (a cancel changes nothing more). */
export function isTurningBack(state: SagaState): boolean {
  return state.status === SagaStatuses.COMPENSATING || state.status === SagaStatuses.COMPENSATION_FAILED;
}
