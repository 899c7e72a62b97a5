import { TimerKinds } from '../decision.js';
import type { DecisionDraft } from '../decision-draft.js';
import type { StepError } from '../state/saga-state.js';
import { StepStatuses } from '../state/step-status.js';
import { StepLogTypes } from '../step-log-type.js';

/** The step is done: store its output (its undo data) and record it in the completion order. */
export function succeedStep(draft: DecisionDraft, name: string, output: unknown, replyAttempt: number): void {
  const step = draft.step(name);
  disarmStepTimers(draft, name);
  draft.updateStep(name, {
    status: StepStatuses.SUCCEEDED,
    output: output ?? null,
    finishedAt: draft.context.now,
    nextAttemptAt: undefined,
  });
  draft.updateSaga({ completionOrder: [...draft.state.completionOrder, name] });
  draft.record({
    type: StepLogTypes.StepSucceeded,
    step: name,
    attempt: replyAttempt,
    data: { output: output ?? null, ...(replyAttempt < step.attempt ? { lateAttempt: true } : {}) },
  });
}

/** The step failed for good. Nothing to undo for it (its effect cannot have happened). */
export function failStep(draft: DecisionDraft, name: string, error: StepError, data: Record<string, unknown> = {}): void {
  const step = draft.step(name);
  disarmStepTimers(draft, name);
  draft.updateStep(name, { status: StepStatuses.FAILED, lastError: error, finishedAt: draft.context.now, nextAttemptAt: undefined });
  draft.record({ type: StepLogTypes.StepFailed, step: name, attempt: step.attempt, data: { error, ...data } });
}

/**
 * The step's outcome is unknown: maybe done, so it joins the completion order and is compensated.
 * Logs `StepFailed` (with `maybeDone`) unless told the cause was already logged (`StepTimedOut`).
 */
export function markStepMaybeDone(
  draft: DecisionDraft,
  name: string,
  error: StepError,
  data: Record<string, unknown> = {},
  alreadyLogged = false,
): void {
  const step = draft.step(name);
  disarmStepTimers(draft, name);
  draft.updateStep(name, {
    status: StepStatuses.TIMED_OUT,
    lastError: error,
    maybeDone: true,
    finishedAt: draft.context.now,
    nextAttemptAt: undefined,
  });
  draft.updateSaga({ completionOrder: [...draft.state.completionOrder, name] });
  if (!alreadyLogged) {
    draft.record({ type: StepLogTypes.StepFailed, step: name, attempt: step.attempt, data: { error, maybeDone: true, ...data } });
  }
}

/** The step's pending timers are no longer needed (firing them anyway is harmless). */
function disarmStepTimers(draft: DecisionDraft, name: string): void {
  const step = draft.step(name);
  draft.disarm({ kind: TimerKinds.stepTimeout, step: name, attempt: step.attempt });
  if (step.nextAttemptAt !== undefined) draft.disarm({ kind: TimerKinds.stepRetry, step: name, attempt: step.attempt });
}
