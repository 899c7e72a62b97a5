import { findNode } from '../definition/flow.util.js';
import { FlowNodeTypes, type SagaDefinition } from '../definition/saga-definition.js';
import type { DecisionDraft } from '../decision-draft.js';
import type { IgnoreReason } from '../ignore-reason.js';
import { IgnoreReasons } from '../ignore-reason.js';
import type { SagaState } from '../state/saga-state.js';
import { isSagaFinished, SagaStatuses } from '../state/saga-status.js';
import { StepStatuses } from '../state/step-status.js';
import { StepLogTypes } from '../step-log-type.js';
import { advanceForward } from '../transitions/advance-forward.transition.js';
import { completeCompensation } from '../transitions/compensation.transition.js';
import { continueCompensation } from '../transitions/continue-compensation.transition.js';
import { failStep, markStepMaybeDone, succeedStep } from '../transitions/finish-step.transition.js';
import { ignoreTrigger } from '../transitions/ignore-trigger.transition.js';
import { turnBack } from '../transitions/turn-back.transition.js';
import type { ChildSagaFinished, ParentCompensationRequested } from '../triggers/saga-trigger.js';

/**
 * Why a child's outcome must change nothing, or undefined when it is actionable: the node is
 * running (any outcome settles it), or being compensated and the child is COMPENSATED.
 */
export function whyChildOutcomeIsStale(definition: SagaDefinition, state: SagaState, trigger: ChildSagaFinished): IgnoreReason | undefined {
  if (findNode(definition, trigger.step)?.type !== FlowNodeTypes.child) return IgnoreReasons.unknownStep;
  if (isSagaFinished(state.status)) return IgnoreReasons.sagaFinished;
  const status = state.steps[trigger.step]?.status;
  if (status === StepStatuses.RUNNING) return undefined;
  if (status === StepStatuses.COMPENSATING && trigger.status === 'COMPENSATED') return undefined;
  return IgnoreReasons.childOutcomeOutdated;
}

/**
 * The child saga of a child node finished. While the node runs: COMPLETED is its success (the
 * child's output is its output), COMPENSATED is its failure with nothing left to undo (the child
 * undid itself). While the node is being compensated: COMPENSATED is its compensation done.
 */
export function onChildSagaFinished(draft: DecisionDraft, trigger: ChildSagaFinished): void {
  const why = whyChildOutcomeIsStale(draft.definition, draft.state, trigger);
  if (why !== undefined) {
    ignoreTrigger(draft, why, trigger);
    return;
  }
  const name = trigger.step;
  const step = draft.step(name);
  draft.updateStep(name, { childStatus: trigger.status });
  if (step.status === StepStatuses.COMPENSATING) {
    draft.record({ type: StepLogTypes.ChildSagaCompensated, step: name, attempt: step.compensation?.attempt ?? 1 });
    completeCompensation(draft, name, step.compensation?.attempt ?? 1);
    continueCompensation(draft);
    return;
  }
  if (trigger.status === 'COMPLETED') {
    draft.record({ type: StepLogTypes.ChildSagaCompleted, step: name, attempt: step.attempt, data: { output: trigger.output ?? null } });
    succeedStep(draft, name, trigger.output, step.attempt);
    if (draft.state.status === SagaStatuses.RUNNING) advanceForward(draft);
    else continueCompensation(draft);
    return;
  }
  const error = {
    kind: 'business' as const,
    code: trigger.failure?.code ?? 'child-saga-failed',
    message: trigger.failure?.message ?? 'The child saga failed and compensated itself.',
  };
  draft.record({ type: StepLogTypes.ChildSagaFailed, step: name, attempt: step.attempt, data: { failure: error } });
  failStep(draft, name, error, { childCompensated: true });
  if (draft.state.status === SagaStatuses.RUNNING) turnBack(draft, { step: name, reason: 'step-failed', error });
  else continueCompensation(draft);
}

/**
 * A child node got no outcome in time: the child may have done anything, so the node is
 * maybe-done (compensated: the child is asked to undo itself) and the saga turns back.
 */
export function onChildTimedOut(draft: DecisionDraft, name: string, timeoutMs: number): void {
  draft.record({ type: StepLogTypes.StepTimedOut, step: name, attempt: draft.step(name).attempt, data: { timeoutMs } });
  const error = { kind: 'timeout' as const, code: 'child-saga-timeout', message: `The child saga did not finish within ${timeoutMs} ms.` };
  markStepMaybeDone(draft, name, error, {}, true);
  if (draft.state.status === SagaStatuses.RUNNING) turnBack(draft, { step: name, reason: 'step-failed', error });
  else continueCompensation(draft);
}

/**
 * This saga is a child and its parent wants it undone. Running: it turns back (even past
 * nothing: a compensatable child has no point of no return). Completed: it compensates every
 * step it did, in reverse. Already turning back: nothing more (it reports when done).
 * Compensated: it reports again (`decide` re-sends the notice), so the parent is never left waiting.
 */
export function onParentCompensationRequested(draft: DecisionDraft, trigger: ParentCompensationRequested): void {
  const status = draft.state.status;
  if (status === SagaStatuses.COMPENSATING || status === SagaStatuses.COMPENSATION_FAILED) {
    ignoreTrigger(draft, IgnoreReasons.alreadyTurningBack, trigger);
    return;
  }
  draft.record({ type: StepLogTypes.ParentCompensationRequested, data: { reason: trigger.reason } });
  if (status === SagaStatuses.COMPENSATED) return;
  if (status === SagaStatuses.RUNNING) {
    turnBack(draft, { reason: 'parent-compensation' });
    return;
  }
  draft.updateSaga({ status: SagaStatuses.COMPENSATING, failure: { reason: 'parent-compensation' } });
  continueCompensation(draft);
}
