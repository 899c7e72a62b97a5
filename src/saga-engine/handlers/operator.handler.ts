import { findNode } from '../definition/flow.util.js';
import type { DecisionDraft } from '../decision-draft.js';
import { SagaNotCancellableError } from '../errors/saga-not-cancellable.error.js';
import { SagaNotRetriableError } from '../errors/saga-not-retriable.error.js';
import { StepNotFoundError } from '../errors/step-not-found.error.js';
import { StepNotResolvableError } from '../errors/step-not-resolvable.error.js';
import { IgnoreReasons } from '../ignore-reason.js';
import { canCancel, isTurningBack } from '../rules/can-cancel.rule.js';
import { canResolveStep } from '../rules/can-resolve-step.rule.js';
import { canRetry } from '../rules/can-retry.rule.js';
import { startedPointOfNoReturn } from '../rules/is-past-point-of-no-return.rule.js';
import { SagaStatuses } from '../state/saga-status.js';
import { StepStatuses } from '../state/step-status.js';
import { StepLogTypes } from '../step-log-type.js';
import { startCompensationAttempt } from '../transitions/compensation.transition.js';
import { continueCompensation } from '../transitions/continue-compensation.transition.js';
import { ignoreTrigger } from '../transitions/ignore-trigger.transition.js';
import { turnBack } from '../transitions/turn-back.transition.js';
import type { CancelRequested, RetryRequested, StepResolved } from '../triggers/saga-trigger.js';

/**
 * Cancel: a running saga turns back. A step whose command is out is awaited (its outcome decides
 * whether it is undone: compensated if it succeeds or times out). Idempotent on a saga already
 * turning back. @throws SagaNotCancellableError on a finished saga or once the pivot started.
 */
export function onCancelRequested(draft: DecisionDraft, trigger: CancelRequested): void {
  if (!canCancel(draft.definition, draft.state)) {
    const pivot = draft.state.status === SagaStatuses.RUNNING ? startedPointOfNoReturn(draft.definition, draft.state) : undefined;
    throw new SagaNotCancellableError(draft.context.sagaId, draft.state.status, pivot);
  }
  if (isTurningBack(draft.state)) {
    ignoreTrigger(draft, IgnoreReasons.alreadyTurningBack, trigger);
    return;
  }
  draft.record({ type: StepLogTypes.SagaCancelRequested, data: { reason: trigger.reason ?? null, by: trigger.by ?? null } });
  turnBack(draft, {
    reason: 'cancelled',
    ...(trigger.reason !== undefined ? { message: trigger.reason } : {}),
    ...(trigger.by !== undefined ? { by: trigger.by } : {}),
  });
}

/** Operator retry: the failed compensation gets a fresh budget. @throws SagaNotRetriableError */
export function onRetryRequested(draft: DecisionDraft, trigger: RetryRequested): void {
  if (!canRetry(draft.state)) throw new SagaNotRetriableError(draft.context.sagaId, draft.state.status);
  // Several can be stuck when parallel branches were undone concurrently: all get a fresh budget.
  const stuck = Object.keys(draft.state.steps).filter((name) => draft.state.steps[name]?.status === StepStatuses.COMPENSATION_FAILED);
  draft.record({ type: StepLogTypes.SagaRetryRequested, ...(stuck[0] !== undefined ? { step: stuck[0] } : {}), data: { by: trigger.by ?? null } });
  draft.updateSaga({ status: SagaStatuses.COMPENSATING });
  if (stuck.length === 0) {
    continueCompensation(draft);
    return;
  }
  for (const name of stuck) {
    const nextAttempt = (draft.step(name).compensation?.attempt ?? 0) + 1;
    startCompensationAttempt(draft, name, nextAttempt, nextAttempt);
  }
}

/**
 * Operator resolve: the step was undone by hand; compensation continues before it.
 * @throws StepNotFoundError (no such step), StepNotResolvableError (its compensation has not failed)
 */
export function onStepResolved(draft: DecisionDraft, trigger: StepResolved): void {
  const stepState = draft.state.steps[trigger.step];
  if (stepState === undefined || findNode(draft.definition, trigger.step) === undefined) {
    throw new StepNotFoundError(draft.context.sagaId, trigger.step);
  }
  if (!canResolveStep(draft.state, trigger.step)) throw new StepNotResolvableError(draft.context.sagaId, trigger.step, stepState.status);
  const step = draft.step(trigger.step);
  const resolvedBy = { reason: trigger.reason, ...(trigger.by !== undefined ? { by: trigger.by } : {}) };
  draft.updateStep(trigger.step, {
    status: StepStatuses.COMPENSATED,
    compensation: { attempt: 0, ...step.compensation, resolvedBy, finishedAt: draft.context.now, nextAttemptAt: undefined },
  });
  draft.record({ type: StepLogTypes.StepResolvedByOperator, step: trigger.step, data: { reason: trigger.reason, by: trigger.by ?? null } });
  if (!Object.values(draft.state.steps).some((step) => step.status === StepStatuses.COMPENSATION_FAILED)) {
    draft.updateSaga({ status: SagaStatuses.COMPENSATING });
  }
  continueCompensation(draft);
}
